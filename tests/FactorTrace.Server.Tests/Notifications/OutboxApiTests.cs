using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactorTrace.Data;
using FactorTrace.Data.Notifications;
using FactorTrace.Server.Hosting;
using FactorTrace.Server.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactorTrace.Server.Tests.Notifications;

/// <summary>
/// The notification endpoints on the whole service: a user's preferences, the outbox for tenant administrators only
/// (their tenant's messages, nothing of another tenant), retry of a parked message; an import's commit writes its
/// notification; the <c>smtp</c> dependency in health and metrics; bad e-mail settings fail the start.
/// </summary>
public sealed class OutboxApiTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceInstance Service => fixture.Service;

    [Fact]
    public async Task Preferences_DefaultsForAdmin_SetAndRead_UnknownKindRefused()
    {
        var (_, admin) = await Service.TenantAdminAsync("prefs");
        using (admin)
        {
            var initial = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications", Ct);
            Assert.All(initial.GetProperty("preferences").EnumerateArray(), p => Assert.True(p.GetProperty("enabled").GetBoolean() && p.GetProperty("default").GetBoolean()));

            using var put = await admin.PutAsJsonAsync("/api/v1/me/notifications", new { preferences = new Dictionary<string, bool> { ["report.ready"] = false } }, Ct);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications", Ct);
            var report = after.GetProperty("preferences").EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "report.ready");
            Assert.False(report.GetProperty("enabled").GetBoolean());
            Assert.False(report.GetProperty("default").GetBoolean());

            using var bad = await admin.PutAsJsonAsync("/api/v1/me/notifications", new { preferences = new Dictionary<string, bool> { ["weather"] = true } }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("invalid_value", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ImportAndCalculation_NotificationsInTheOutbox_OnlyForItsTenant_RetryOfParked()
    {
        var (_, a) = await Service.TenantAdminAsync("outa");
        var (_, b) = await Service.TenantAdminAsync("outb");
        using (a)
        using (b)
        {
            var import = await ImportClient.UploadOkAsync(a, Encoding.UTF8.GetBytes("Date,Description,Quantity,Unit\n2024-03-15,Diesel,12,L\n"), "fuel.csv");
            var id = import.GetProperty("id").GetString()!;
            await ImportClient.OkAsync(a, HttpMethod.Post, $"/api/v1/imports/{id}/commit");

            var listA = await a.GetFromJsonAsync<JsonElement>("/api/v1/outbox", Ct);
            var finished = listA.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("kind").GetString() == NotificationKinds.ImportFinished).ToList();
            var message = Assert.Single(finished);
            Assert.Contains("fuel.csv", message.GetProperty("subject").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("admin@outa-", message.GetProperty("recipient").GetString(), StringComparison.Ordinal);
            Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/v1/outbox", Ct)).GetProperty("items").EnumerateArray());

            // Parked as failed (the sender is off in this service), then retried by the tenant's admin only.
            var messageId = message.GetProperty("id").GetGuid();
            await using (var db = Service.Get<SystemDbFactory>().Create())
            {
                await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Id == messageId).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.State, OutboxStates.Failed).SetProperty(m => m.Attempts, 8).SetProperty(m => m.LastError, "Connection refused"), Ct);
            }

            var failed = await a.GetFromJsonAsync<JsonElement>("/api/v1/outbox?state=failed", Ct);
            Assert.Equal("Connection refused", Assert.Single(failed.GetProperty("items").EnumerateArray()).GetProperty("last_error").GetString());
            Assert.Empty((await b.GetFromJsonAsync<JsonElement>("/api/v1/outbox?state=failed", Ct)).GetProperty("items").EnumerateArray());
            using (var other = await b.PostAsync($"/api/v1/outbox/{messageId}/retry", null, Ct))
            {
                Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            }

            using (var retry = await a.PostAsync($"/api/v1/outbox/{messageId}/retry", null, Ct))
            {
                Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
            }

            using (var again = await a.PostAsync($"/api/v1/outbox/{messageId}/retry", null, Ct))
            {
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            }

            using var badState = await a.GetAsync("/api/v1/outbox?state=lost", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);

            using var run = await a.PostAsJsonAsync("/api/v1/calculations", new { from = "2024-01-01", to = "2024-12-31" }, Ct);
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
            var afterRun = await a.GetFromJsonAsync<JsonElement>("/api/v1/outbox?state=pending", Ct);
            Assert.Contains(afterRun.GetProperty("items").EnumerateArray(), m => m.GetProperty("kind").GetString() == NotificationKinds.CalculationFinished);
        }
    }

    [Fact]
    public async Task Outbox_ViewerRefused()
    {
        var (slug, admin) = await Service.TenantAdminAsync("outv");
        using (admin)
        {
            var email = $"viewer@{slug}.test";
            using var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, password = "a long enough password", role = "viewer" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using var viewer = Service.Client(await Service.TokenAsync(email, "a long enough password"));
            using var list = await viewer.GetAsync("/api/v1/outbox?state=failed", Ct);
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            var prefs = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/me/notifications", Ct);
            Assert.All(prefs.GetProperty("preferences").EnumerateArray(), p => Assert.False(p.GetProperty("enabled").GetBoolean()));
        }
    }

    [Fact]
    public async Task SmtpDependency_InHealthAndMetrics()
    {
        using var platform = Service.Client(await Service.TokenAsync());
        var ready = await platform.GetFromJsonAsync<JsonElement>("/health/ready", Ct);
        var smtp = ready.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "smtp");
        Assert.Equal("closed", smtp.GetProperty("breaker").GetString());
        var metrics = await platform.GetStringAsync("/metrics", Ct);
        Assert.Contains("dependency=\"smtp\"", metrics, StringComparison.Ordinal);
        Assert.Contains("factortrace_outbox_pending", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadEmailSettings_FailsNamingEach()
    {
        var app = ServiceHost.Build(
        [
            "--FactorTrace:DataDirectory=" + Directory.CreateTempSubdirectory("ft-bad-email-").FullName,
            "--FactorTrace:Email:Enabled=true",
            "--FactorTrace:Email:From=not an address",
            "--FactorTrace:Email:MaxAttempts=0",
            "--FactorTrace:Email:Security=Carrier pigeon",
            "--urls=http://127.0.0.1:0",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(Ct));
            var failures = error is AggregateException all ? all.InnerExceptions.OfType<OptionsValidationException>() : [Assert.IsType<OptionsValidationException>(error)];
            var message = string.Join("\n", failures.SelectMany(f => f.Failures));
            Assert.Contains("FactorTrace:Email:Host is required", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Email:From must be a sender address", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Email:MaxAttempts must be between 1 and 100", message, StringComparison.Ordinal);
            Assert.Contains("FactorTrace:Email:Security must be one of", message, StringComparison.Ordinal);
        }
    }
}
