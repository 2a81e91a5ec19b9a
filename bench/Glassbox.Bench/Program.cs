if (args.Length > 0 && args[0] == "svm-cluster") SvmClusterTiming.Run(args[1..]);
else Console.WriteLine("bench");
