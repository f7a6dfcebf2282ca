namespace Inertia.Storage;

/// <summary>How durable a connection's commits are (SQLite; PostgreSQL always commits durably).</summary>
public enum Durability
{
    /// <summary>synchronous=FULL: an acknowledged commit survives a process crash, an OS crash and a power loss.
    /// For user actions (read/star state, subscriptions, accounts, settings) and anything not re-creatable.</summary>
    Full,

    /// <summary>synchronous=NORMAL in WAL mode: atomic, survives a process crash; an OS crash or power loss may lose
    /// the last commits. Only for data the next refresh re-creates: fetched entries and fetch bookkeeping.</summary>
    Ingest,
}
