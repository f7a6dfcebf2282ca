using System.Diagnostics;
using System.Text.Json;

namespace Inertia.Tests.Public;

/// <summary>
/// Python's Universal Feed Parser as a second, independent reader of Inertia's output feeds. Debian's
/// python3-feedparser lives in /usr/bin/python3's dist-packages (a pyenv python on PATH may not see it).
/// </summary>
public static class PythonFeedparser
{
    private const string Script = """
        import sys, json, feedparser
        d = feedparser.parse(sys.stdin.buffer.read())
        out = {
            "version": d.get("version", ""),
            "bozo": bool(d.get("bozo", 0)),
            "bozo_exception": str(d.get("bozo_exception", "")),
            "title": d.feed.get("title"),
            "link": d.feed.get("link"),
            "entries": [{
                "id": e.get("id"),
                "title": e.get("title"),
                "link": e.get("link"),
                "author": e.get("author"),
                "published": e.get("published"),
                "summary": e.get("summary"),
                "content": [c.get("value") for c in e.get("content", [])],
            } for e in d.entries],
        }
        print(json.dumps(out))
        """;

    public static async Task<JsonElement> ParseAsync(byte[] document)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-c", Script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.BaseStream.WriteAsync(document);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"feedparser failed ({process.ExitCode}): {await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }
}
