using BenchmarkDotNet.Running;
using FactorTrace.Benchmarks;

if (args is ["ledger-e2e", var provider, ..])
{
    return await LedgerEndToEnd.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>Entry point type for the benchmark switcher.</summary>
public partial class Program;
