using Microsoft.Extensions.Options;
using MimeKit;

namespace FactorTrace.Server.Notifications;

/// <summary>E-mail notifications (configuration section <c>FactorTrace:Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "FactorTrace:Email";

    /// <summary>The name of the SMTP server's dependency (health, breaker, metrics).</summary>
    public const string DependencyName = "smtp";

    /// <summary>Whether notifications are sent; when off they are still written to the outbox and wait there.</summary>
    public bool Enabled { get; set; }

    /// <summary>The SMTP server.</summary>
    public string Host { get; set; } = "";

    /// <summary>Its port (25, 465 for TLS on connect, 587 for STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured: <c>None</c>, <c>StartTls</c> (required), <c>StartTlsWhenAvailable</c> or <c>Tls</c> (on connect).</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>The sender address (<c>Name &lt;address&gt;</c> or an address).</summary>
    public string From { get; set; } = "";

    /// <summary>The SMTP user; empty for no authentication.</summary>
    public string? User { get; set; }

    /// <summary>The SMTP password.</summary>
    public string? Password { get; set; }

    /// <summary>Attempts before a message is parked as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often an idle sender looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages claimed at once.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim lasts; a sender killed mid-batch releases its messages when the lease ends.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The back-off after the first failure; doubled per further failure, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A dependency whose circuit stays open this long is reported to the platform administrators (once per episode).</summary>
    public TimeSpan CircuitOpenAlertAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The parsed security mode.</summary>
    internal MailKit.Security.SecureSocketOptions SocketOptions => Security.ToUpperInvariant() switch
    {
        "NONE" => MailKit.Security.SecureSocketOptions.None,
        "TLS" => MailKit.Security.SecureSocketOptions.SslOnConnect,
        "STARTTLSWHENAVAILABLE" => MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable,
        _ => MailKit.Security.SecureSocketOptions.StartTls,
    };
}

/// <summary>Start-up checks of <see cref="EmailOptions"/>, each naming the setting.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    private static readonly string[] Modes = ["None", "StartTls", "StartTlsWhenAvailable", "Tls"];

    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        const string P = EmailOptions.SectionName;
        var problems = new List<string>();
        if (options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                problems.Add($"{P}:Host is required when {P}:Enabled is true (the SMTP server's name or address).");
            }

            if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
            {
                problems.Add($"{P}:From must be a sender address such as 'FactorTrace <noreply@example.com>' (it is '{options.From}').");
            }

            if (string.IsNullOrEmpty(options.User) != string.IsNullOrEmpty(options.Password))
            {
                problems.Add($"{P}:User and {P}:Password are set together or not at all.");
            }
        }

        if (options.Port is < 1 or > 65535)
        {
            problems.Add($"{P}:Port must be between 1 and 65535 (it is {options.Port}).");
        }

        if (!Modes.Contains(options.Security, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{P}:Security must be one of {string.Join(", ", Modes)} (it is '{options.Security}').");
        }

        if (options.MaxAttempts is < 1 or > 100)
        {
            problems.Add($"{P}:MaxAttempts must be between 1 and 100 (it is {options.MaxAttempts}).");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            problems.Add($"{P}:BatchSize must be between 1 and 1000 (it is {options.BatchSize}).");
        }

        Between(problems, "PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        Between(problems, "LeaseDuration", options.LeaseDuration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(problems, "RetryDelay", options.RetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Between(problems, "MaxRetryDelay", options.MaxRetryDelay, options.RetryDelay, TimeSpan.FromDays(1));
        Between(problems, "CircuitOpenAlertAfter", options.CircuitOpenAlertAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Between(List<string> problems, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{EmailOptions.SectionName}:{setting} must be between {min} and {max} (it is {value}).");
        }
    }
}
