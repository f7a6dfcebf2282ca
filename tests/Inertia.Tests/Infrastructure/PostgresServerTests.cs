namespace Inertia.Tests.Infrastructure;

public class PostgresServerTests
{
    [Fact]
    public void Missing_binaries_fail_with_a_clear_message()
    {
        var empty = Directory.CreateTempSubdirectory("inertia-no-pg-");
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => PostgresServer.FindBinaries(empty.FullName));
            Assert.StartsWith("PostgreSQL server binaries not found: install postgresql (test.sh does)", e.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_highest_installed_version_is_used()
    {
        var root = Directory.CreateTempSubdirectory("inertia-pg-versions-");
        try
        {
            foreach (var version in new[] { "9.6", "15", "13" })
            {
                var bin = Directory.CreateDirectory(Path.Combine(root.FullName, version, "bin"));
                File.WriteAllText(Path.Combine(bin.FullName, "initdb"), "");
                File.WriteAllText(Path.Combine(bin.FullName, "pg_ctl"), "");
            }
            Directory.CreateDirectory(Path.Combine(root.FullName, "16", "bin")); // no binaries in it
            Assert.Equal(Path.Combine(root.FullName, "15", "bin"), PostgresServer.FindBinaries(root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
