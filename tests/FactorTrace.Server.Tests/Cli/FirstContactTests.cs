using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FactorTrace.Server.Tests.Cli;

/// <summary>
/// What a new user types that the product must not quietly reinterpret: an id with a typo, an unknown unit or activity
/// (suggestions from the activity's own unit families and from search), a calculation with failed records, no datasets.
/// The CLI and the API answer alike.
/// </summary>
public sealed class FirstContactTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TypoInAnId_RefusedWithSuggestion_InTheCliAndTheApi()
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["resolve", "--activity", "fuel.dieselx", "--region", "GB", "--year", "2024", "--unit", "L"]);
        Assert.True(exit == 2, $"exit {exit}: {stdout}");
        Assert.Contains("did you mean fuel.diesel?", stderr, StringComparison.Ordinal);

        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using var response = await client.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "fuel.dieselx", region = "GB", year = 2024, unit = "L" }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("unknown_activity", problem.GetProperty("code").GetString());
        Assert.Equal("fuel.diesel", problem.GetProperty("suggestions")[0].GetString());
    }

    [Fact]
    public async Task FreeText_StillMatched_AndSaidFirst()
    {
        var (exit, stdout, _) = await CliProcess.RunAsync(["resolve", "--activity", "natural gas", "--region", "GB", "--year", "2024", "--unit", "kWh"]);
        Assert.Equal(0, exit);
        Assert.StartsWith("note: 'natural gas' matched activity fuel.natural-gas", stdout.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownUnitAndActivity_SuggestFromTheActivitysFamiliesAndFromSearch()
    {
        using var client = fixture.Service.Client(await fixture.Service.TokenAsync());
        using (var parsec = await client.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "parsec" }, Ct))
        {
            var problem = JsonDocument.Parse(await parsec.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.Equal("unknown_unit", problem.GetProperty("code").GetString());
            var suggestions = problem.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()).ToList();
            Assert.Contains("L", suggestions);
            Assert.Contains("kWh", suggestions);
        }

        using var unicorn = await client.PostAsJsonAsync("/api/v1/factors/resolve", new { activity = "unicorn dust", region = "GB", year = 2024, unit = "kg" }, Ct);
        var unknown = JsonDocument.Parse(await unicorn.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("unknown_activity", unknown.GetProperty("code").GetString());
        Assert.True(unknown.GetProperty("suggestions").GetArrayLength() > 0, unknown.ToString());

        var (exit, _, stderr) = await CliProcess.RunAsync(["resolve", "--activity", "fuel.diesel", "--region", "GB", "--year", "2024", "--unit", "parsec"]);
        Assert.Equal(2, exit);
        Assert.Contains("did you mean: ", stderr, StringComparison.Ordinal);
        Assert.Contains("kWh", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDatasets_OneLineSayingWhatToDo_ExitFour()
    {
        var empty = Directory.CreateTempSubdirectory("ft-nodata-").FullName;
        var (exit, _, stderr) = await CliProcess.RunAsync(["resolve", "--activity", "fuel.diesel", "--region", "GB", "--year", "2024", "--unit", "L"],
            new Dictionary<string, string> { ["FACTORTRACE_DATASETS_PATH"] = empty });
        Assert.Equal(4, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("factortrace datasets pull", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calculate_WithFailedRecords_ListsThemAndExitsThree()
    {
        var slug = "cf-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await fixture.Service.CreateTenantAsync(slug);
        using var client = fixture.Service.Client(token);
        using (var batch = await client.PostAsJsonAsync("/api/v1/activities/batch", new
        {
            items = new object[]
            {
                new { activity_id = "fuel.diesel", amount = 100, unit = "L", date = "2024-03-01", region = "GB" },
                new { description = "unobtainium smelting", amount = 5, unit = "kg", date = "2024-06-01", region = "GB" },
            },
        }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
        }

        var (exit, stdout, stderr) = await CliProcess.RunAsync(["calculate", "--from", "2024-01-01", "--to", "2024-12-31", "--tenant", slug],
            new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = fixture.Service.DataDirectory });
        Assert.True(exit == 3, $"exit {exit}: {stdout} {stderr}");
        Assert.Contains("2 records, 1 failed", stdout, StringComparison.Ordinal);
        Assert.Contains("failed: record", stdout, StringComparison.Ordinal);
        Assert.Contains("unknown_activity", stdout, StringComparison.Ordinal);
        Assert.Contains("status=error", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_SaysWhichRoleItNeeds()
    {
        var slug = "fb-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await fixture.Service.CreateTenantAsync(slug);
        using var admin = fixture.Service.Client(token);
        var email = $"ed@{slug}.test";
        using (var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = "a long enough password", role = "editor" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var editor = fixture.Service.Client(await fixture.Service.TokenAsync(email, "a long enough password"));
        using var response = await editor.PostAsJsonAsync("/api/v1/users", new { email = $"x@{slug}.test", password = "a long enough password", role = "viewer" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString();
        Assert.Contains("'admin'", detail, StringComparison.Ordinal);
        Assert.Contains("has the role 'editor'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordWithoutRegion_NoteSaysWhichFactorRegionWasUsed()
    {
        var (_, token) = await fixture.Service.CreateTenantAsync("rg-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = fixture.Service.Client(token);
        using (var created = await client.PostAsJsonAsync("/api/v1/activities", new { activity_id = "fuel.diesel", amount = 10, unit = "L", date = "2024-03-01" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var run = await client.PostAsJsonAsync("/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
        }

        var records = JsonDocument.Parse(await client.GetStringAsync("/api/v1/emissions/records?from=2024-01-01&to=2024-12-31", Ct)).RootElement;
        var item = records.GetProperty("items")[0];
        var region = item.GetProperty("factor").GetProperty("region").GetString()!;
        var note = item.GetProperty("note").GetString()!;
        Assert.Contains("no region on the record", note, StringComparison.Ordinal);
        Assert.Contains(region == "GLOBAL" ? "GLOBAL factor" : $"the factor used is for {region}", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_NoDatasets_OneLineSayingWhatToDo()
    {
        // A child process: FACTORTRACE_DATASETS_PATH (which the test command sets) wins over configuration, as documented.
        var empty = Directory.CreateTempSubdirectory("ft-nodata-").FullName;
        var data = Directory.CreateTempSubdirectory("ft-nodata-home-").FullName;
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliProcess.Path.Replace("FactorTrace.Cli", "FactorTrace.Server", StringComparison.Ordinal));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["FACTORTRACE_DATASETS_PATH"] = empty;
        start.Environment["FactorTrace__DataDirectory"] = data;
        start.Environment["FactorTrace__Bootstrap__AdminEmail"] = ServiceInstance.AdminEmail;
        start.Environment["FactorTrace__Bootstrap__AdminPassword"] = ServiceInstance.AdminPassword;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var waited = System.Diagnostics.Stopwatch.StartNew();
            string status = "";
            while (status != "failed ok" && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await anonymous.GetAsync("/health/ready", Ct);
                    var ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
                    status = ready.GetProperty("datasets").GetProperty("status").GetString() + " " + ready.GetProperty("database").GetProperty("status").GetString();
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (status != "failed ok")
                {
                    await Task.Delay(200, Ct);
                }
            }

            Assert.Equal("failed ok", status);
            using var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = ServiceInstance.AdminEmail, password = ServiceInstance.AdminPassword }, Ct);
            var token = JsonDocument.Parse(await signIn.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("access_token").GetString();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/factors/resolve") { Content = JsonContent.Create(new { activity = "fuel.diesel", region = "GB", year = 2024, unit = "L" }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var resolve = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, resolve.StatusCode);
            Assert.Contains("datasets pull", JsonDocument.Parse(await resolve.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            string log;
            lock (output)
            {
                log = output.ToString();
            }

            Assert.Equal(1, log.Split('\n').Count(l => l.Contains("Datasets could not be loaded", StringComparison.Ordinal)));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    [Fact]
    public async Task ImportCommit_OverGuessedColumns_RefusedUntilAccepted_AndTheApiShowsThem()
    {
        var slug = "lc-" + Guid.NewGuid().ToString("N")[..8];
        var (_, token) = await fixture.Service.CreateTenantAsync(slug);
        var file = Path.Combine(Directory.CreateTempSubdirectory("ft-lowconf-").FullName, "export.csv");
        await File.WriteAllTextAsync(file, "c1,c2,c3,c4\n2024-01-05,120,L,fuel.diesel\n2024-02-05,80,L,fuel.diesel\n2024-03-05,95,L,fuel.diesel\n", Ct);

        using var client = fixture.Service.Client(token);
        var uploaded = await Imports.ImportClient.UploadOkAsync(client, await File.ReadAllBytesAsync(file, Ct), "export.csv");
        var unconfirmed = uploaded.GetProperty("unconfirmed_columns");
        Assert.True(unconfirmed.GetArrayLength() > 0, uploaded.GetProperty("mapping").ToString());

        var environment = new Dictionary<string, string> { ["FactorTrace__DataDirectory"] = fixture.Service.DataDirectory };
        var (exit, stdout, stderr) = await CliProcess.RunAsync(["import", file, "--commit", "--tenant", slug], environment);
        Assert.True(exit == 3, $"exit {exit}: {stdout} {stderr}");
        Assert.Contains("low confidence", stderr, StringComparison.Ordinal);
        Assert.Contains("--accept-mapping", stderr, StringComparison.Ordinal);
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync("/api/v1/activities", Ct)).RootElement.GetProperty("total").GetInt32());

        var (accepted, acceptedOut, acceptedErr) = await CliProcess.RunAsync(["import", file, "--commit", "--accept-mapping", "--allow-duplicate", "--tenant", slug], environment);
        Assert.True(accepted == 0, $"exit {accepted}: {acceptedOut} {acceptedErr}");
        Assert.Contains("committed", acceptedOut, StringComparison.Ordinal);
    }
}
