using System.Runtime.InteropServices;

namespace FactorTrace.Data;

/// <summary>
/// Tenants' data at rest (the SQLite database with its WAL and SHM files, uploaded files, the disk cache, keys) is
/// readable by the service's own user only. The process's file-creation mask is set to 077 at start, so every file and
/// folder it or SQLite creates is owner-only whatever code creates it; the data directory and the database files that
/// already exist from an earlier version are tightened too.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Sets the file-creation mask to 077 (no-op on Windows, where the profile folder's ACL applies).</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Creates the folder (and parents) owner-only, or tightens it when it exists.</summary>
    public static void EnsureDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyDirectory);
        // A sticky folder (/tmp, /var/tmp) is shared by every user by design and never the service's own: tightening it
        // (a SQLite file placed directly in /tmp) locked every other user, PostgreSQL among them, out of it.
        if ((File.GetUnixFileMode(path) & UnixFileMode.StickyBit) == 0)
        {
            Tighten(path, OwnerOnlyDirectory);
        }
    }

    /// <summary>Tightens the SQLite database file and its journal, WAL and shared-memory files when they exist.</summary>
    public static void TightenDatabase(string databaseFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseFile);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            if (File.Exists(databaseFile + suffix))
            {
                Tighten(databaseFile + suffix, OwnerOnlyFile);
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode mode)
    {
        var current = File.GetUnixFileMode(path);
        if ((current & ~mode) != 0)
        {
            File.SetUnixFileMode(path, current & mode);
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for one blittable call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint Umask(uint mask);
#pragma warning restore SYSLIB1054
}
