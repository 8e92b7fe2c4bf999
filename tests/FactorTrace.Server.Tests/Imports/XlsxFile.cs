using System.IO.Compression;

namespace FactorTrace.Server.Tests.Imports;

/// <summary>XLSX files for tests: data through the product's own writer, and a zip bomb.</summary>
internal static class XlsxFile
{
    public static byte[] Create(IEnumerable<object?[]> rows)
    {
        using var memory = new MemoryStream();
        using (var xlsx = new FactorTrace.Server.Imports.XlsxExport(memory))
        {
            foreach (var row in rows)
            {
                xlsx.Row(row);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A valid XLSX whose sheet unzips to <paramref name="bytes"/> of padding: a zip bomb.</summary>
    public static byte[] Bomb(long bytes)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (long written = 0; written < bytes; written += block.Length)
            {
                stream.Write(block);
            }
        }

        return memory.ToArray();
    }

}
