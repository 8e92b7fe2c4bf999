using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>The import endpoints as a test calls them.</summary>
internal static class ImportClient
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(HttpClient client, byte[] file, string name, string? template = null, string path = "/api/v1/imports", HttpMethod? method = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", name);
        if (template is not null)
        {
            form.Add(new StringContent(template), "template");
        }

        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = form };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> UploadOkAsync(HttpClient client, byte[] file, string name, string? template = null)
    {
        var (status, body) = await UploadAsync(client, file, name, template);
        Assert.True(status == HttpStatusCode.Created, $"upload: {status} {body}");
        return body;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> OkAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var (status, json) = await SendAsync(client, method, path, body);
        Assert.True(status == HttpStatusCode.OK, $"{method} {path}: {status} {json}");
        return json;
    }

    public static async Task<string> CsvAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    public static Dictionary<string, JsonElement> Fields(JsonElement import) =>
        import.GetProperty("mapping").GetProperty("columns").EnumerateArray()
            .Where(c => c.GetProperty("field").ValueKind == JsonValueKind.String)
            .ToDictionary(c => c.GetProperty("field").GetString()!, c => c);

    public static async Task<List<JsonElement>> RecordsAsync(HttpClient client, string importId)
    {
        var page = await OkAsync(client, HttpMethod.Get, $"/api/v1/activities?import_id={importId}&limit=1000");
        return page.GetProperty("items").EnumerateArray().ToList();
    }
}
