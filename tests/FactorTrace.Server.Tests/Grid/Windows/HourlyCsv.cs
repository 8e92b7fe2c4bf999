using System.Globalization;
using System.Text;
using FactorTrace.Grid.Windows;

namespace FactorTrace.Server.Tests.Grid.Windows;

/// <summary>
/// Reads a shipped Electricity Maps hourly file (datasets README §7): <c>Datetime (UTC)</c> as
/// <c>yyyy-MM-dd HH:mm:ss</c>, direct intensity in column 5, life-cycle in column 6, source in 9, estimated in 10.
/// </summary>
internal static class HourlyCsv
{
    public const string Folder = "grid-intensity-hourly-electricitymaps";

    public static string PathOf(string file)
    {
        var path = Path.Combine(TestEnvironment.DatasetsPath, Folder, file);
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: set FACTORTRACE_DATASETS_PATH to the published datasets (../shared/data).");
        }

        return path;
    }

    /// <summary>The file as a series of the direct (<paramref name="lifecycle"/> false) or life-cycle values.</summary>
    public static ZoneSeries Read(string zone, string file, bool lifecycle = false)
    {
        var lines = File.ReadAllLines(PathOf(file), Encoding.UTF8);
        var values = new double[lines.Length - 1];
        var index = new int[lines.Length - 1];
        var metadata = new List<HourMetadata>();
        DateTimeOffset start = default;
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = Split(lines[i].TrimEnd('\r'));
            var hour = DateTimeOffset.ParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (i == 1)
            {
                start = hour;
            }

            Assert.Equal(start.AddHours(i - 1), hour);
            values[i - 1] = double.Parse(cells[lifecycle ? 5 : 4], CultureInfo.InvariantCulture);
            var meta = new HourMetadata(cells[8], cells[9] == "true" ? "estimated" : "historical");
            var m = metadata.IndexOf(meta);
            if (m < 0)
            {
                m = metadata.Count;
                metadata.Add(meta);
            }

            index[i - 1] = m;
        }

        return new ZoneSeries(zone, start, values, index, metadata);
    }

    private static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
