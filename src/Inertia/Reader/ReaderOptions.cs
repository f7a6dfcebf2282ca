namespace Inertia.Reader;

/// <summary>Bound from the "Reader" configuration section (env: Reader__PageSize, …).</summary>
public sealed class ReaderOptions
{
    public const string Section = "Reader";

    /// <summary>Entries per list page.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Sign-in attempts (POST /signin) allowed per client IP per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Mark auth and antiforgery cookies Secure even on plain HTTP (set when behind a TLS proxy).</summary>
    public bool SecureCookies { get; set; }


    /// <summary>Days a "keep me signed in" session lasts without use.</summary>
    public int SessionDays { get; set; } = 30;
}
