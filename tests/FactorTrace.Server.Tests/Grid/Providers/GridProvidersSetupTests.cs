using FactorTrace.Grid;
using FactorTrace.Grid.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Grid.Providers;

/// <summary>What <see cref="GridProvidersSetup.AddGridProviders"/> registers and what it refuses.</summary>
public sealed class GridProvidersSetupTests
{
    [Fact]
    public async Task AddGridProviders_PrimaryElectricityMapsThenWattTime_SameInstances()
    {
        await using var f = await GridProviderFixture.StartAsync();

        var all = f.Services.GetServices<IGridProvider>().ToList();

        Assert.Equal(["electricitymaps", "watttime"], all.Select(p => p.Name));
        Assert.Equal(all, f.Providers.All);
        Assert.Same(f.ElectricityMaps, f.Providers.Primary);
        Assert.Same(f.WattTime, f.Providers.Fallback);
        Assert.All(all, p => Assert.True(p.Enabled));
    }

    [Fact]
    public async Task Validation_RelativeUrlCapOutOfRangeUnknownSignal_EachNamed()
    {
        await using var f = await GridProviderFixture.StartAsync(configure: o =>
        {
            o.ElectricityMaps.BaseUrl = "v3/";
            o.WattTime.MaxConcurrency = 0;
            o.WattTime.SignalType = "health_damage";
        });

        var error = Assert.Throws<OptionsValidationException>(() => f.Services.GetRequiredService<IOptions<GridOptions>>().Value);

        Assert.Contains(error.Failures, m => m.StartsWith("FactorTrace:Grid:ElectricityMaps:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(error.Failures, m => m.StartsWith("FactorTrace:Grid:WattTime:MaxConcurrency", StringComparison.Ordinal));
        Assert.Contains(error.Failures, m => m.StartsWith("FactorTrace:Grid:WattTime:SignalType", StringComparison.Ordinal));
    }
}
