using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactorTrace.Resilience;

/// <summary>Registration of the dependency pipelines.</summary>
public static class ResilienceSetup
{
    /// <summary>
    /// Adds the <see cref="DependencyRegistry"/> with <see cref="ResilienceOptions"/> bound by the caller; every configured
    /// dependency is validated at start-up against its kind (<paramref name="kinds"/> names the known dependencies).
    /// </summary>
    public static IServiceCollection AddDependencyPipelines(this IServiceCollection services, Func<IServiceProvider, IReadOnlyDictionary<string, DependencyKind>> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        services.AddOptions<ResilienceOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResilienceOptions>>(provider => new ResilienceOptionsValidator(() =>
        {
            var all = new Dictionary<string, DependencyKind>(kinds(provider), StringComparer.OrdinalIgnoreCase);
            foreach (var known in provider.GetServices<KnownDependencies>().SelectMany(k => k.Kinds))
            {
                all[known.Key] = known.Value;
            }

            return all;
        }));
        services.AddSingleton(provider => new DependencyRegistry(
            provider.GetRequiredService<IOptions<ResilienceOptions>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            provider.GetService<Microsoft.Extensions.Logging.ILogger<DependencyRegistry>>()));
        return services;
    }

    /// <summary>Adds dependencies a library calls (their names may then be configured under <c>FactorTrace:Resilience:Dependencies</c>).</summary>
    public static IServiceCollection AddKnownDependencies(this IServiceCollection services, IReadOnlyDictionary<string, DependencyKind> kinds)
    {
        services.AddSingleton(new KnownDependencies(kinds));
        return services;
    }

    internal static List<string> Problems(ResilienceOptions options, IReadOnlyDictionary<string, DependencyKind> kinds)
    {
        var problems = new List<string>();
        foreach (var (name, overrides) in options.Dependencies)
        {
            if (!kinds.TryGetValue(name, out var kind))
            {
                problems.Add($"{ResilienceOptions.SectionName}:Dependencies:{name} names no known dependency (known: {string.Join(", ", kinds.Keys.Order(StringComparer.Ordinal))}).");
                continue;
            }

            problems.AddRange(DependencyPolicy.For(kind, overrides).Validate(name));
        }

        return problems;
    }

    private sealed class ResilienceOptionsValidator(Func<IReadOnlyDictionary<string, DependencyKind>> kinds) : IValidateOptions<ResilienceOptions>
    {
        public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
        {
            var problems = Problems(options, kinds());
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>Dependencies one library calls, by name, with their kinds.</summary>
/// <param name="Kinds">Names and kinds.</param>
public sealed record KnownDependencies(IReadOnlyDictionary<string, DependencyKind> Kinds);
