using System.Text.Json;
using FactorTrace.Text;

namespace FactorTrace.Import.Processing;

/// <summary>
/// An error or warning about a cell, a row, a column or the file, in one shape for the API, the CLI and the
/// downloadable CSV. <see cref="Row"/> is the file's 1-based row number (null for a column or file-level note).
/// </summary>
/// <param name="Row">Row number in the file, as a spreadsheet shows it.</param>
/// <param name="Column">Column header.</param>
/// <param name="Value">The cell's text (cut to 200 characters).</param>
/// <param name="Code">Stable code.</param>
/// <param name="Severity">error or warning.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Suggestion">What would be accepted instead.</param>
public sealed record ImportIssue(long? Row, string? Column, string? Value, string Code, string Severity, string Message, string? Suggestion)
{
    /// <summary>Errors keep a row out of the commit.</summary>
    public const string Error = "error";

    /// <summary>Warnings do not.</summary>
    public const string Warning = "warning";

    /// <summary>
    /// The issue as JSON, the one shape the API's issue export and the CLI's <c>--json</c> both write: every field in
    /// snake_case, nulls included.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (Row is { } row)
        {
            writer.WriteNumber("row", row);
        }
        else
        {
            writer.WriteNull("row");
        }

        writer.WriteString("column", Column);
        writer.WriteString("value", Value);
        writer.WriteString("code", Code);
        writer.WriteString("severity", Severity);
        writer.WriteString("message", Message);
        writer.WriteString("suggestion", Suggestion);
        writer.WriteEndObject();
    }

    /// <summary>The issue as a JSON text (<see cref="WriteJson"/>).</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// An issue whose value is cut to a readable length. Control and bidirectional-override characters in the value and
    /// the message are shown as U+FFFD (the report goes to terminals and CSV viewers; the message of an
    /// <c>invalid_value</c> issue names the character).
    /// </summary>
    public static ImportIssue Create(long? row, string? column, string? value, string code, string severity, string message, string? suggestion = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var shown = value is { Length: > 200 } ? string.Concat(value.AsSpan(0, 200), "…") : value;
        return new(row, column, shown is null ? null : TextSafety.Neutralize(shown, multiline: true), code, severity, TextSafety.Neutralize(message, multiline: true), suggestion);
    }
}
