using System.Data.Common;
using FactorTrace.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FactorTrace.Data;

/// <summary>
/// The application's database calls through the <c>database</c> dependency: an EF Core execution strategy that runs
/// every operation in the dependency's pipeline (timeout, circuit breaker; no retry, writes are not always idempotent).
/// Only transient failures (connection refused, timeouts, a busy database) count against the breaker; a constraint
/// violation is an answer, not an outage. While the circuit is open, calls fail at once with
/// <see cref="Polly.CircuitBreaker.BrokenCircuitException"/> instead of waiting for a dead server.
/// </summary>
public sealed class DatabaseBreaker(ExecutionStrategyDependencies dependencies, Dependency database) : IExecutionStrategy
{
    /// <summary>The dependency name.</summary>
    public const string Name = "database";

    /// <summary>Whether an exception is an outage of the database rather than an answer from it.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        DbException db => Unusable(db),
        DbUpdateException { InnerException: DbException db } => Unusable(db),
        InvalidOperationException { InnerException: DbException db } => Unusable(db),
        _ => false,
    };

    // Transient errors, and SQLSTATE classes that mean the database cannot be used at all: connection (08), resources
    // (53), operator intervention (57), authorization (28), missing database (3D000), connections not allowed (55000).
    private static bool Unusable(DbException db) =>
        db.IsTransient
        || db.SqlState is { Length: 5 } s && (s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal)
            || s.StartsWith("57", StringComparison.Ordinal) || s.StartsWith("28", StringComparison.Ordinal) || s is "3D000" or "55000");

    /// <inheritdoc />
    public bool RetriesOnFailure => false;

    /// <inheritdoc />
    public TResult Execute<TState, TResult>(TState state, Func<DbContext, TState, TResult> operation, Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            var result = database.Pipeline.Execute(static s => s.operation(s.context, s.state), (operation, context: dependencies.CurrentContext.Context, state));
            database.Record(DependencyOutcome.Success);
            return result;
        }
        catch (Exception ex) when (Counted(ex))
        {
            throw Translate(ex);
        }
    }

    /// <inheritdoc />
    public async Task<TResult> ExecuteAsync<TState, TResult>(
        TState state, Func<DbContext, TState, CancellationToken, Task<TResult>> operation, Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            var result = await database.Pipeline.ExecuteAsync(
                static async (s, ct) => await s.operation(s.context, s.state, ct).ConfigureAwait(false),
                (operation, context: dependencies.CurrentContext.Context, state),
                cancellationToken).ConfigureAwait(false);
            database.Record(DependencyOutcome.Success);
            return result;
        }
        catch (Exception ex) when (Counted(ex))
        {
            throw Translate(ex);
        }
    }

    private bool Counted(Exception ex)
    {
        if (ex is BrokenCircuitException)
        {
            database.Record(DependencyOutcome.CircuitOpen);
        }
        else if (IsOutage(ex))
        {
            database.Record(ex is TimeoutRejectedException ? DependencyOutcome.Timeout : DependencyOutcome.Error, ex.Message);
        }

        return ex is BrokenCircuitException or TimeoutRejectedException;
    }

    private static DatabaseUnavailableException Translate(Exception ex) => new(ex);
}

/// <summary>The database is considered down (its circuit is open, or it did not answer in time): a transient <see cref="DbException"/>.</summary>
public sealed class DatabaseUnavailableException : DbException
{
    /// <summary>Creates one.</summary>
    public DatabaseUnavailableException()
        : base("The database is unavailable.")
    {
    }

    /// <summary>Creates one.</summary>
    public DatabaseUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one.</summary>
    public DatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>From the pipeline's refusal or timeout.</summary>
    public DatabaseUnavailableException(Exception innerException)
        : base(innerException is BrokenCircuitException ? "The database circuit is open after repeated failures; not trying until it half-opens." : "The database did not answer in time.", innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
