if (args.Length > 0 && args[0] == "decomp") { DecompBench.Run(); return; }
Console.WriteLine("bench");
