Console.WriteLine("glassbox");
