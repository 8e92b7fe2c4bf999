using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using YamlDotNet.RepresentationModel;

namespace FactorTrace.Server.Tests.Deployment;

/// <summary>
/// What can be checked of deploy/ without a container daemon or a cluster: the compose file and the Kubernetes manifests
/// parse, name only settings the service reads and refer to one another consistently; the alert rules pass promtool's
/// check and unit tests; and the published app starts with the ConfigMap's settings and answers its probes.
/// </summary>
public sealed class DeploymentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Deploy => Path.Combine(TestEnvironment.RepositoryRoot, "deploy");

    [Theory]
    [InlineData("FactorTrace__Cache__Redis")]
    [InlineData("FactorTrace__Database__ConnectionString")]
    [InlineData("FactorTrace__Auth__SigningKey")]
    [InlineData("FactorTrace__metrics__port")]
    [InlineData("FactorTrace__Resilience__Dependencies__redis__Timeout")]
    [InlineData("FactorTrace__Broker__SourceOrder__0")]
    public void SettingNames_RealSetting_IsKnown(string variable) => Assert.Null(SettingNames.Problem(variable));

    [Theory]
    [InlineData("FactorTrace__Cache__Redsi")]
    [InlineData("FactorTrace__Auth")]
    [InlineData("FactorTrace__Database__Provider__X")]
    [InlineData("FACTORTRACE_DATASET_PATH")]
    public void SettingNames_MisspeltOrSection_IsRefused(string variable) => Assert.NotNull(SettingNames.Problem(variable));

    [Fact]
    public void KubernetesManifests_EverySettingAndReference_Exists()
    {
        var documents = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(Load).ToList();
        YamlMappingNode Kind(string kind) => Assert.Single(documents, d => Scalar(d, "kind") == kind);

        var configMap = Kind("ConfigMap");
        var secret = Kind("Secret");
        var settings = Map(configMap, "data").Children.Keys.Concat(Map(secret, "stringData").Children.Keys).Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Contains("FactorTrace__Database__ConnectionString", settings);
        Assert.Empty(settings.Select(SettingNames.Problem).OfType<string>());

        var deployment = Kind("Deployment");
        var name = Scalar(deployment, "metadata", "name");
        var pod = Map(deployment, "spec", "template");
        var podLabels = Map(pod, "metadata", "labels");
        var container = (YamlMappingNode)Seq(pod, "spec", "containers").Single();
        var envFrom = Seq(container, "envFrom").Cast<YamlMappingNode>().ToList();
        Assert.Contains(envFrom, e => e.Children.ContainsKey("configMapRef") && Scalar(e, "configMapRef", "name") == Scalar(configMap, "metadata", "name"));
        Assert.Contains(envFrom, e => e.Children.ContainsKey("secretRef") && Scalar(e, "secretRef", "name") == Scalar(secret, "metadata", "name"));
        Assert.Equal("/health/live", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", Scalar(container, "startupProbe", "httpGet", "path"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("true", Scalar(pod, "spec", "securityContext", "runAsNonRoot"));
        foreach (var kind in new[] { "requests", "limits" })
        {
            Assert.NotNull(Scalar(container, "resources", kind, "cpu"));
            Assert.NotNull(Scalar(container, "resources", kind, "memory"));
        }

        // Every mount has a volume; every claim exists; probes name a declared port.
        var volumes = Seq(pod, "spec", "volumes").Cast<YamlMappingNode>().ToList();
        var claims = documents.Where(d => Scalar(d, "kind") == "PersistentVolumeClaim").Select(d => Scalar(d, "metadata", "name")).ToHashSet();
        foreach (var mount in Seq(container, "volumeMounts").Cast<YamlMappingNode>())
        {
            var volume = Assert.Single(volumes, v => Scalar(v, "name") == Scalar(mount, "name"));
            if (volume.Children.ContainsKey("persistentVolumeClaim"))
            {
                Assert.Contains(Scalar(volume, "persistentVolumeClaim", "claimName"), claims);
            }
        }

        var ports = Seq(container, "ports").Cast<YamlMappingNode>().Select(p => Scalar(p, "name")).ToHashSet();
        Assert.Contains(Scalar(container, "readinessProbe", "httpGet", "port"), ports);
        Assert.All(Seq(Kind("Service"), "spec", "ports").Cast<YamlMappingNode>(), p => Assert.Contains(Scalar(p, "targetPort"), ports));
        var mountPaths = Seq(container, "volumeMounts").Cast<YamlMappingNode>().Select(m => Scalar(m, "mountPath")).ToHashSet();
        Assert.Contains(Scalar(configMap, "data", "FactorTrace__DataDirectory"), mountPaths);
        // Uploaded files and the form-protection keys live on the volume every pod shares.
        Assert.Contains("/shared", mountPaths);
        Assert.StartsWith("/shared/", Scalar(configMap, "data", "FactorTrace__Imports__StorageDirectory"), StringComparison.Ordinal);
        Assert.StartsWith("/shared/", Scalar(configMap, "data", "FactorTrace__DataProtectionKeysDirectory"), StringComparison.Ordinal);
        Assert.Contains(Scalar(configMap, "data", "FACTORTRACE_DATASETS_PATH"), mountPaths);

        // Service, autoscaler and disruption budget point at this Deployment's pods.
        Assert.True(Selects(Map(Kind("Service"), "spec", "selector"), podLabels), "the Service selects the pods");
        Assert.True(Selects(Map(Kind("PodDisruptionBudget"), "spec", "selector", "matchLabels"), podLabels), "the PodDisruptionBudget selects the pods");
        Assert.Equal(name, Scalar(Kind("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"));
        Assert.Equal("Deployment", Scalar(Kind("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "kind"));

        // kustomize lists every manifest file.
        var kustomization = Load(Path.Combine(Deploy, "k8s", "kustomization.yaml")).Single();
        var listed = Seq(kustomization, "resources").Select(r => ((YamlScalarNode)r).Value).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").ToHashSet();
        Assert.Equal(files.Order(), listed.Order());
    }

    [Fact]
    public void ComposeFile_ServicesSettingsAndVolumes_AreConsistent()
    {
        var compose = Load(Path.Combine(Deploy, "compose.yaml")).Single();
        var environment = Map(compose, "x-factortrace", "environment");
        var names = environment.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Empty(names.Select(SettingNames.Problem).OfType<string>());
        Assert.Equal("postgres", Scalar(environment, "FactorTrace__Database__Provider"));

        var services = Map(compose, "services");
        var instances = services.Children.Where(s => s.Key.ToString().StartsWith("factortrace-", StringComparison.Ordinal)).ToList();
        Assert.True(instances.Count >= 2, "two service instances show scale-out");
        var declared = Map(compose, "volumes").Children.Keys.Select(k => k.ToString()).ToHashSet();
        foreach (var (_, service) in services.Children)
        {
            foreach (var volume in ((YamlMappingNode)service).Children.TryGetValue(new YamlScalarNode("volumes"), out var v) ? (YamlSequenceNode)v : [])
            {
                var source = volume.ToString().Split(':')[0];
                Assert.True(source.StartsWith('.') || source.StartsWith('$') || declared.Contains(source), $"volume {source} is declared");
            }
        }

        // Both instances share the volume of uploaded files and form-protection keys, each has its own data volume.
        Assert.StartsWith("/shared/", Scalar(environment, "FactorTrace__Imports__StorageDirectory"), StringComparison.Ordinal);
        Assert.StartsWith("/shared/", Scalar(environment, "FactorTrace__DataProtectionKeysDirectory"), StringComparison.Ordinal);
        var mounts = instances.Select(i => Seq((YamlMappingNode)i.Value, "volumes").Select(v => v.ToString()).ToList()).ToList();
        Assert.All(mounts, m => Assert.Contains("shared:/shared", m));
        Assert.Equal(instances.Count, mounts.Select(m => m.Single(v => v.EndsWith(":/data", StringComparison.Ordinal))).Distinct().Count());

        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "Dockerfile"));
        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Contains("\"healthcheck\"", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_PromtoolCheckAndUnitTests_Pass()
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        if (promtool is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("FACTORTRACE_REQUIRE_PROMTOOL") == "1", "promtool is required (Debian package prometheus)");
            Assert.Skip("promtool not installed (Debian package prometheus; scripts/test.sh installs it)");
        }

        var prometheus = Path.Combine(Deploy, "prometheus");
        var (check, checkOut) = await RunAsync(promtool, prometheus, "check", "rules", "alerts.yaml");
        Assert.True(check == 0, checkOut);
        var (test, testOut) = await RunAsync(promtool, prometheus, "test", "rules", "alerts.test.yaml");
        Assert.True(test == 0, testOut);

        // Every alert the issue names has a rule and a unit test.
        var rules = File.ReadAllText(Path.Combine(prometheus, "alerts.yaml"));
        var tests = File.ReadAllText(Path.Combine(prometheus, "alerts.test.yaml"));
        foreach (var alert in new[] { "CacheHitRateLow", "HighLatencyP95", "DependencyUnavailable", "CircuitOpen", "HighFallbackUsage", "GridSlotsMissed" })
        {
            Assert.Contains($"alert: FactorTrace{alert}", rules, StringComparison.Ordinal);
            Assert.Contains($"alertname: FactorTrace{alert}", tests, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublishedApp_WithTheConfigMapSettings_StartsAndAnswersItsProbes()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var redis = await Doubles.RedisProcess.StartAsync();
        var publish = Path.Combine(Path.GetTempPath(), "ft-publish-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Directory.CreateTempSubdirectory("ft-deploy-data-").FullName;
        try
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var (published, publishOut) = await RunAsync("dotnet", TestEnvironment.RepositoryRoot, "publish", "src/FactorTrace.Server", "-c", configuration, "--no-build", "-o", publish, "-nologo", "-v", "q");
            Assert.True(published == 0, publishOut);

            // The ConfigMap as written, with the addresses of this machine's servers and folders in place of the cluster's.
            var configMap = Load(Path.Combine(Deploy, "k8s", "configmap.yaml")).Single();
            var environment = Map(configMap, "data").Children.ToDictionary(k => k.Key.ToString(), v => v.Value.ToString());
            var http = FreePort();
            var metrics = FreePort();
            environment["ASPNETCORE_URLS"] = environment["ASPNETCORE_URLS"].Replace(":8080", $":{http}", StringComparison.Ordinal);
            environment["FactorTrace__Metrics__Port"] = metrics.ToString(System.Globalization.CultureInfo.InvariantCulture);
            environment["FactorTrace__DataDirectory"] = data;
            environment["FactorTrace__Imports__StorageDirectory"] = Path.Combine(data, "shared-imports");
            environment["FACTORTRACE_DATASETS_PATH"] = TestEnvironment.DatasetsPath;
            environment["FactorTrace__Cache__Redis"] = redis.ConnectionString;
            environment["FactorTrace__Database__ConnectionString"] = database.AppConnectionString;
            environment["FactorTrace__Database__OwnerConnectionString"] = database.OwnerConnectionString;
            environment["FactorTrace__Bootstrap__AdminPassword"] = ServiceInstance.AdminPassword;

            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(publish, "FactorTrace.Server.dll"));
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(Ct);
            var stderr = process.StandardError.ReadToEndAsync(Ct);
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(5) };
                var ready = HttpStatusCode.ServiceUnavailable;
                for (var attempt = 0; attempt < 240 && ready != HttpStatusCode.OK && !process.HasExited; attempt++)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
                        ready = response.StatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !Ct.IsCancellationRequested)
                    {
                        // Not listening yet, or listening while start-up still holds the request.
                    }

                    if (ready != HttpStatusCode.OK)
                    {
                        await Task.Delay(250, Ct);
                    }
                }

                // The output is awaited only once the process has ended (before that its streams stay open).
                if (process.HasExited)
                {
                    Assert.Fail($"the service exited with {process.ExitCode}: {await stderr}{await stdout}");
                }

                Assert.Equal(HttpStatusCode.OK, ready);

                // The image's health check command, against the same URLs setting.
                var probeEnvironment = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = environment["ASPNETCORE_URLS"] };
                var (probe, probeOut) = await RunAsync("dotnet", publish, probeEnvironment, Path.Combine(publish, "FactorTrace.Server.dll"), "healthcheck");
                Assert.True(probe == 0, probeOut);

                // Prometheus scrapes the metrics port the pod annotations name; the main port keeps /metrics closed.
                using var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var text = await scrape.GetStringAsync(new Uri($"http://127.0.0.1:{metrics}/metrics"), Ct);
                Assert.Contains("factortrace_", text, StringComparison.Ordinal);
                using var closed = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
                Assert.NotEqual(HttpStatusCode.OK, closed.StatusCode);
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(Ct);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            if (Directory.Exists(publish))
            {
                Directory.Delete(publish, recursive: true);
            }
        }
    }

    [Fact]
    public async Task HealthProbe_NothingListening_ExitsWithFailure()
    {
        var port = FreePort();
        using var output = new StringWriter();
        Assert.Equal(1, await Health.HealthProbe.RunAsync(["healthcheck", $"http://127.0.0.1:{port}/health/live"], output));
        Assert.Contains($"127.0.0.1:{port}", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:8080/health/live", Health.HealthProbe.DefaultUrl("http://+:8080"));
        Assert.Equal("http://127.0.0.1:5000/health/live", Health.HealthProbe.DefaultUrl("http://0.0.0.0:5000/;http://[::]:5001"));
    }

    private static List<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode Map(YamlNode node, params string[] path) => Assert.IsType<YamlMappingNode>(Node(node, path));

    private static YamlSequenceNode Seq(YamlNode node, params string[] path) => Assert.IsType<YamlSequenceNode>(Node(node, path));

    private static bool Selects(YamlMappingNode selector, YamlMappingNode labels) =>
        selector.Children.Count > 0 && selector.Children.All(s => labels.Children.TryGetValue(s.Key, out var v) && v.ToString() == s.Value.ToString());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] args) =>
        RunAsync(file, directory, new Dictionary<string, string>(), args);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
