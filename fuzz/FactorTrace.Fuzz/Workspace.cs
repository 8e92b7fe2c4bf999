namespace FactorTrace.Fuzz;

/// <summary>A scratch folder per process for targets that read files, in RAM (/dev/shm) when there is one.</summary>
internal static class Workspace
{
    public static string Create(string name)
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        var folder = System.IO.Path.Combine(root, $"factortrace-fuzz-{name}-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a scratch folder left in /dev/shm goes at the next reboot.
            }
        };
        return folder;
    }
}
