using BenchmarkDotNet.Running;

namespace FactorTrace.Benchmarks;

/// <summary>The end-to-end runs by name, else BenchmarkDotNet's switcher over this assembly.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["ledger-e2e", var provider, ..])
        {
            return await LedgerEndToEnd.RunAsync(provider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        if (args is ["dashboard-e2e", var dashboardProvider, ..])
        {
            return await ReportEndToEnd.DashboardAsync(dashboardProvider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        if (args is ["pages-e2e", var pagesProvider, ..])
        {
            return await PagesEndToEnd.RunAsync(pagesProvider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        if (args is ["report-e2e", var reportProvider, ..])
        {
            return await ReportEndToEnd.RunAsync(reportProvider, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        }

        if (args is ["import-e2e", var importProvider, ..])
        {
            return await ImportEndToEnd.RunAsync(importProvider, args.Length > 2 && args[2] != "--no-raw" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, !args.Contains("--no-raw"));
        }

        if (args is ["import-child", var childProvider, var connection, var tenant, var file, var folder])
        {
            return await ImportEndToEnd.ChildAsync(childProvider, connection, Guid.Parse(tenant), file, folder);
        }

        if (args is ["import-hostile", var variant, ..])
        {
            return ImportHostile.Run(variant, args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100_000_000);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
