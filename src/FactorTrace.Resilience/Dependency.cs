using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FactorTrace.Resilience;

/// <summary>One external dependency: its Polly pipeline (retry → circuit breaker → timeout per attempt) and its state.</summary>
public sealed class Dependency
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly ILogger _log;
    private readonly CircuitBreakerManualControl _control = new();
    private readonly DependencyMetrics _metrics;
    private readonly TimeProvider _time;
    private long _successes;
    private long _failures;
    private long _rejections;

    internal Dependency(string name, DependencyKind kind, DependencyPolicy policy, TimeProvider time, DependencyMetrics metrics, Func<Exception, bool>? isFailure = null, ILogger? logger = null)
    {
        _log = logger ?? NullLogger.Instance;
        var counts = isFailure ?? IsFailure;
        Name = name;
        Kind = kind;
        Policy = policy;
        _time = time;
        _metrics = metrics;
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = time };
        if (policy.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = policy.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && counts(e) && !(args.Outcome.Exception is TransientFailureException { RetryAfter: { } wait } && wait > policy.MaxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TransientFailureException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = policy.FailureRatio,
            MinimumThroughput = policy.MinimumThroughput,
            SamplingDuration = policy.SamplingDuration,
            BreakDuration = policy.BreakDuration,
            StateProvider = _state,
            ManualControl = _control,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && counts(e)),
            OnOpened = _ => Transition(CircuitState.Open),
            OnClosed = _ => Transition(CircuitState.Closed),
            OnHalfOpened = _ => Transition(CircuitState.HalfOpen),
        });
        builder.AddTimeout(policy.Timeout);
        Pipeline = builder.Build();
    }

    /// <summary>Dependency name (<c>redis</c>, <c>database</c>, a source id).</summary>
    public string Name { get; }

    /// <summary>What it is.</summary>
    public DependencyKind Kind { get; }

    /// <summary>Effective settings.</summary>
    public DependencyPolicy Policy { get; }

    /// <summary>The pipeline; prefer <see cref="ExecuteAsync{TResult, TState}"/>, which returns outcomes instead of throwing.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <summary>Circuit state as the breaker last saw it (the breaker is passive: it moves only when called).</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>Whether calls are being refused right now (open or isolated), without making one.</summary>
    public bool IsOpen => _state.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>When the state last changed.</summary>
    public DateTimeOffset? LastTransition { get; private set; }

    /// <summary>The last failure's message.</summary>
    public string? LastError { get; private set; }

    /// <summary>Calls that succeeded, failed, and were refused by the open circuit.</summary>
    public (long Successes, long Failures, long Rejections) Counts => (Interlocked.Read(ref _successes), Interlocked.Read(ref _failures), Interlocked.Read(ref _rejections));

    /// <summary>
    /// Runs <paramref name="call"/> through the pipeline. Failures, timeouts and an open circuit come back as an outcome
    /// (<see cref="DependencyResult{T}"/>), never as a thrown exception; cancellation by the caller is rethrown.
    /// </summary>
    public async ValueTask<DependencyResult<TResult>> ExecuteAsync<TResult, TState>(
        Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (State == CircuitState.Isolated)
        {
            return Rejected<TResult>();
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await Pipeline.ExecuteOutcomeAsync(
                static async (ctx, s) =>
                {
                    try
                    {
                        return Outcome.FromResult(await s.call(s.state, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !s.outer.IsCancellationRequested)
                    {
                        return Outcome.FromException<TResult>(ex);
                    }
                },
                context,
                (call, state, outer: cancellationToken)).ConfigureAwait(false);
            switch (outcome.Exception)
            {
                case null:
                    Interlocked.Increment(ref _successes);
                    _metrics.Call(Name, "success");
                    return new DependencyResult<TResult>(outcome.Result, DependencyOutcome.Success, null);
                case BrokenCircuitException:
                    return Rejected<TResult>();
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    throw new OperationCanceledException(cancellationToken);
                case TimeoutRejectedException:
                    return Failed<TResult>(DependencyOutcome.Timeout, $"no answer within {Policy.Timeout.TotalMilliseconds:0} ms");
                default:
                    return Failed<TResult>(DependencyOutcome.Error, outcome.Exception.Message);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Counts the outcome of a call made through <see cref="Pipeline"/> directly (a caller that needs exceptions to flow).</summary>
    public void Record(DependencyOutcome outcome, string? error = null)
    {
        switch (outcome)
        {
            case DependencyOutcome.Success:
                Interlocked.Increment(ref _successes);
                _metrics.Call(Name, "success");
                break;
            case DependencyOutcome.CircuitOpen:
                Rejected<int>();
                break;
            default:
                Failed<int>(outcome, error ?? outcome.ToString());
                break;
        }
    }

    /// <summary>Takes the dependency out of use until <see cref="CloseAsync"/> (an operator's switch).</summary>
    public Task IsolateAsync() => _control.IsolateAsync();

    /// <summary>Closes the circuit.</summary>
    public Task CloseAsync() => _control.CloseAsync();

    private static bool IsFailure(Exception exception) =>
        exception is not BrokenCircuitException and not IsolatedCircuitException;

    private DependencyResult<T> Rejected<T>()
    {
        Interlocked.Increment(ref _rejections);
        _metrics.Call(Name, "rejected");
        return new DependencyResult<T>(default, DependencyOutcome.CircuitOpen, "circuit open");
    }

    private DependencyResult<T> Failed<T>(DependencyOutcome outcome, string message)
    {
        Interlocked.Increment(ref _failures);
        LastError = message;
        _metrics.Call(Name, outcome == DependencyOutcome.Timeout ? "timeout" : "failure");
        return new DependencyResult<T>(default, outcome, message);
    }

    private ValueTask Transition(CircuitState to)
    {
        LastTransition = _time.GetUtcNow();
        _metrics.Transition(Name, to);
        switch (to)
        {
            case CircuitState.Open:
                Log.CircuitOpened(_log, Name, Policy.BreakDuration.TotalSeconds);
                break;
            case CircuitState.HalfOpen:
                Log.CircuitHalfOpen(_log, Name);
                break;
            case CircuitState.Closed:
                Log.CircuitClosed(_log, Name);
                break;
            default:
                break;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>How a call through a dependency ended.</summary>
public enum DependencyOutcome
{
    /// <summary>It answered.</summary>
    Success,

    /// <summary>It failed (after any retries).</summary>
    Error,

    /// <summary>It did not answer in time.</summary>
    Timeout,

    /// <summary>The circuit was open: no call was made.</summary>
    CircuitOpen,
}

/// <summary>A call's result or why there is none.</summary>
public readonly record struct DependencyResult<T>(T? Value, DependencyOutcome Outcome, string? Error)
{
    /// <summary>Whether the call answered.</summary>
    public bool Succeeded => Outcome == DependencyOutcome.Success;
}
