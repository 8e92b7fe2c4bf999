using FactorTrace.Data;

namespace FactorTrace.Tests;

/// <summary>Owner-only folders, without ever tightening a shared sticky folder such as /tmp.</summary>
public sealed class PrivateFilesTests
{
    private const UnixFileMode Shared = (UnixFileMode)0b1_111_111_111; // 1777, as /tmp

    [Fact]
    public void EnsureDirectory_StickySharedFolder_LeftAsItIs_OwnFolderTightened()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only.");
            return;
        }

        var shared = Directory.CreateTempSubdirectory("ft-sticky-").FullName;
        try
        {
            File.SetUnixFileMode(shared, Shared);
            PrivateFiles.EnsureDirectory(shared);
            Assert.Equal(Shared, File.GetUnixFileMode(shared));

            var own = Path.Combine(shared, "own");
            Directory.CreateDirectory(own);
            File.SetUnixFileMode(own, (UnixFileMode)0b111_101_101);
            PrivateFiles.EnsureDirectory(own);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(own));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }
}
