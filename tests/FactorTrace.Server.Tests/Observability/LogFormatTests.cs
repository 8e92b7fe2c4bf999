using FactorTrace.Server.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Observability;

/// <summary>JSON console logs by default, another console format when the configuration names one.</summary>
public sealed class LogFormatTests
{
    [Theory]
    [InlineData(null, "json")]
    [InlineData("simple", "simple")]
    [InlineData("systemd", "systemd")]
    public void ConsoleFormatter_FromConfiguration_JsonUnlessNamed(string? configured, string expected)
    {
        var settings = new Dictionary<string, string?>();
        if (configured is not null)
        {
            settings["Logging:Console:FormatterName"] = configured;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddJsonLogs(configuration);
        });
        using var provider = services.BuildServiceProvider();
        Assert.Equal(expected, provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.True(provider.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }
}
