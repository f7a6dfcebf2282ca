using System.Reflection;

namespace Inertia.Fetching.Http;

public static class UserAgent
{
    /// <summary>The application's version without the source-revision suffix ("0.1.0").</summary>
    public static string Version { get; } =
        (typeof(UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "0").Split('+')[0];

    /// <summary>"Inertia/0.1.0 (+https://project)" — the project URL tells publishers whom to contact.</summary>
    public static string Build(string? projectUrl) =>
        string.IsNullOrWhiteSpace(projectUrl) ? $"Inertia/{Version}" : $"Inertia/{Version} (+{projectUrl.Trim()})";
}
