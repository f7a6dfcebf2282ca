namespace Inertia.Feeds.Tests;

/// <summary>Finds ../shared/corpus relative to the repository root (the folder holding Inertia.slnx).</summary>
internal static class Corpus
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Inertia.slnx"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Inertia.slnx not found above " + AppContext.BaseDirectory);
        var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
        if (!Directory.Exists(corpus)) throw new InvalidOperationException("conformance corpus not found at " + corpus);
        return corpus;
    }
}
