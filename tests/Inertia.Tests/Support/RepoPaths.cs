namespace Inertia.Tests.Support;

/// <summary>Where the repository and ../shared are, found from the test binaries' folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Inertia.slnx not found above " + AppContext.BaseDirectory);
    }
}
