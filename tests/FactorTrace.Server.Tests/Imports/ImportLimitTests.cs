using System.Net;
using System.Text;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>The configured size limit: a file above it gets a clear 413; one above the API's 16 MiB JSON limit but below it is accepted.</summary>
public sealed class ImportLimitTests : IAsyncLifetime
{
    private ServiceInstance _service = null!;

    public async ValueTask InitializeAsync() =>
        _service = await ServiceInstance.StartAsync(new Dictionary<string, string> { ["FactorTrace:Imports:MaxFileBytes"] = (20 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Upload_AboveTheLimit_413WithTheLimit_BelowIt_Accepted()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var (status, body) = await ImportClient.UploadAsync(client, File(22 * 1024 * 1024), "too-big.csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("file_too_large", body.GetProperty("code").GetString());
        Assert.Contains("20,971,520", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Without a length the upload is counted as it streams and stopped at the limit.
        var (streamed, streamedBody) = await ImportClient.UploadAsync(client, File(20 * 1024 * 1024 + 4096), "just-over.csv");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed);
        Assert.Equal("file_too_large", streamedBody.GetProperty("code").GetString());
        Assert.Empty(Directory.GetFiles(Path.Combine(_service.DataDirectory, "imports", "incoming")));

        var accepted = await ImportClient.UploadOkAsync(client, File(17 * 1024 * 1024), "big.csv");
        Assert.True(accepted.GetProperty("summary").GetProperty("rows").GetInt64() > 300_000);
        Assert.Equal(0, accepted.GetProperty("summary").GetProperty("invalid").GetInt64());
    }

    [Fact]
    public async Task Upload_XlsxWithOneHugeCell_422FieldTooLargeNot500()
    {
        // 40 Mi characters in one cell (the default limit is 16 Mi) in a file of about 360 KiB, under the zip-bomb ratio.
        using var client = _service.Client(await _service.TokenAsync());
        var path = Path.GetTempFileName();
        byte[] file;
        try
        {
            FactorTrace.Tests.Import.HostileXlsx.HugeCell(path, 40L * 1024 * 1024, shared: false);
            file = await System.IO.File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        }
        finally
        {
            System.IO.File.Delete(path);
        }

        var (status, body) = await ImportClient.UploadAsync(client, file, "huge-cell.xlsx");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("field_too_large", body.GetProperty("code").GetString());
        Assert.Equal("file", body.GetProperty("field").GetString());
        Assert.Contains("16,777,216", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_XlsxWithACellFarRightAndDown_422TooManyRowsNot500()
    {
        using var client = _service.Client(await _service.TokenAsync());
        var path = Path.GetTempFileName();
        byte[] file;
        try
        {
            FactorTrace.Tests.Import.HostileXlsx.Write(path, w => w.Write("""<row r="1"><c r="A1" t="inlineStr"><is><t>Amount</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"""));
            file = await System.IO.File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        }
        finally
        {
            System.IO.File.Delete(path);
        }

        var (status, body) = await ImportClient.UploadAsync(client, file, "far-cell.xlsx");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("too_many_rows", body.GetProperty("code").GetString());
    }

    private static byte[] File(int bytes)
    {
        var text = new StringBuilder("Date,Amount,Unit,Activity,Site\n", bytes + 100);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-{1 + (i % 28):00},{i % 1000}.5,L,fuel.diesel,Site {i % 10}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
