namespace FactorTrace.Data.Notifications;

/// <summary>What a notification says, in plain text and HTML (the HTML is built from the text when not given).</summary>
/// <param name="Kind">The kind (<see cref="NotificationKinds"/>).</param>
/// <param name="Subject">Subject line.</param>
/// <param name="Text">Plain-text body.</param>
/// <param name="Html">HTML body; null to derive it from <paramref name="Text"/>.</param>
public sealed record Notification(string Kind, string Subject, string Text, string? Html = null)
{
    /// <summary>The HTML body: the given one, or the text escaped with its lines kept.</summary>
    public string HtmlBody => Html ?? "<!DOCTYPE html><html><body><p>"
        + System.Net.WebUtility.HtmlEncode(Text).Replace("\n", "<br>\n", StringComparison.Ordinal) + "</p></body></html>";
}
