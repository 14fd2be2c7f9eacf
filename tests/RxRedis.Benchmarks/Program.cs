using BenchmarkDotNet.Running;
using RxRedis.Benchmarks.Macro;

// dotnet run -c Release --project tests/RxRedis.Benchmarks -- macro [--rounds N] [--keys N] [--url host:port] [--out dir] ...
// dotnet run -c Release --project tests/RxRedis.Benchmarks -- micro [BenchmarkDotNet args, e.g. --filter * --job short]
if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(MacroOptions).Assembly).Run(args[1..]);
    return 0;
}
if (args.Length > 0 && args[0] == "macro")
{
    MacroOptions options;
    try
    {
        options = MacroOptions.Parse(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine(MacroOptions.Usage);
        return 2;
    }
    return await MacroRunner.RunAsync(options);
}
Console.Error.WriteLine("usage: RxRedis.Benchmarks macro [options] | micro [BenchmarkDotNet args]");
Console.Error.WriteLine(MacroOptions.Usage);
return 2;
