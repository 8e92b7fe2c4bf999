using System.Text;
using FactorTrace.Import;
using FactorTrace.Import.Storage;
using FactorTrace.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FactorTrace.Server.Imports;

/// <summary>An upload read from a multipart body: the staged file with its name, template and other small fields, or the problem.</summary>
internal sealed record ImportUpload(string? FileName, StagedFile? File, string? Template, ProblemHttpResult? Problem)
{
    /// <summary>The other text fields of the form by name (first value kept), each at most <see cref="ImportUploadReader.MaxFieldChars"/> characters.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();
}

/// <summary>Reads an import's multipart upload: the 'file' part streamed to a staging file, an optional 'template' field, other small fields.</summary>
internal static class ImportUploadReader
{
    /// <summary>Longest option field read from the form; the rest of a longer one is left unread.</summary>
    public const int MaxFieldChars = 1024;

    /// <summary>Streams the multipart 'file' part to a staging file (never buffered in memory); the body limit is raised to the import limit.</summary>
    public static async Task<ImportUpload> ReadAsync(HttpContext context, ImportService imports, ImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(imports);
        ArgumentNullException.ThrowIfNull(options);
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "Upload the file as multipart/form-data with the file in a field named 'file'."));
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_multipart", "The multipart body has no boundary."));
        }

        // A declared length already past the limit is refused before a byte is read (clients sending
        // "Expect: 100-continue" then never send the body).
        if (request.ContentLength is { } declared && declared > options.MaxFileBytes + (1024 * 1024))
        {
            return new(null, null, null, ImportProblems.For(ImportException.FileTooLarge(options.MaxFileBytes, declared)));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Room for the file plus the multipart framing and small fields.
            limit.MaxRequestBodySize = options.MaxFileBytes + (1024 * 1024);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        StagedFile? file = null;
        string? fileName = null, template = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && file is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload";
                    file = await imports.ReceiveAsync(section.Body, cancellationToken).ConfigureAwait(false);
                }
                else if (name == "template")
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    template = (await text.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
                }
                else if (!string.IsNullOrEmpty(name) && name != "file" && !fields.ContainsKey(name))
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[MaxFieldChars];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
                    fields[name] = new string(buffer, 0, read).Trim();
                }
            }
        }
        catch (ImportException ex)
        {
            return new(null, null, null, ImportProblems.For(ex));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            DeleteQuietly(file);
            return new(null, null, null, ImportProblems.For(ImportException.FileTooLarge(options.MaxFileBytes)));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            DeleteQuietly(file);
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "invalid_multipart", $"The multipart body cannot be read: {ex.Message}"));
        }

        if (file is null)
        {
            return new(null, null, null, Problems.Create(StatusCodes.Status400BadRequest, "missing_field", "The multipart body has no field named 'file'.", "file"));
        }

        return new(fileName, file, string.IsNullOrEmpty(template) ? null : template, null) { Fields = fields };
    }

    private static void DeleteQuietly(StagedFile? file)
    {
        if (file is not null)
        {
            File.Delete(file.Path);
        }
    }
}
