using System.Threading.Channels;

namespace Inertia.Fetching.Scheduling;

/// <summary>
/// Runs work items on a fixed pool of workers (the global limit) with at most <c>perHost</c> items of one host
/// running at once. Items of a busy host wait in that host's own queue instead of occupying a worker, so one slow
/// host never stalls the others. Items with an id already pending are ignored.
/// </summary>
public sealed class HostLimitedDispatcher<T>
{
    sealed class HostState
    {
        public int Running;
        public readonly Queue<T> Waiting = new();
    }

    readonly Channel<T> _ready = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = false });
    readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);
    readonly HashSet<long> _pending = [];
    readonly object _lock = new();
    readonly int _perHost;
    readonly Func<T, string> _hostOf;
    readonly Func<T, long> _idOf;
    readonly Func<T, CancellationToken, Task> _work;
    readonly Action<T, Exception> _onError;
    readonly CancellationToken _stopping;
    readonly Task[] _workers;
    bool _closed;
    int _waiting;

    public HostLimitedDispatcher(
        int workers, int perHost, Func<T, string> hostOf, Func<T, long> idOf,
        Func<T, CancellationToken, Task> work, Action<T, Exception> onError, CancellationToken stopping)
    {
        _perHost = Math.Max(1, perHost);
        _hostOf = hostOf;
        _idOf = idOf;
        _work = work;
        _onError = onError;
        _stopping = stopping;
        _workers = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    /// <summary>Items accepted and not finished yet (running, ready or waiting for their host).</summary>
    public int Pending
    {
        get { lock (_lock) return _pending.Count; }
    }

    /// <summary>Items parked behind their host's limit.</summary>
    public int Waiting
    {
        get { lock (_lock) return _waiting; }
    }

    /// <summary>Raised after an item finishes (from a worker thread).</summary>
    public event Action? Completed;

    /// <summary>False when the item is already pending or the dispatcher is draining.</summary>
    public bool TryEnqueue(T item)
    {
        lock (_lock)
        {
            if (_closed || !_pending.Add(_idOf(item))) return false;
            var host = Host(_hostOf(item));
            if (host.Running < _perHost)
            {
                host.Running++;
                _ready.Writer.TryWrite(item);
            }
            else
            {
                host.Waiting.Enqueue(item);
                _waiting++;
            }
            return true;
        }
    }

    /// <summary>
    /// Stops accepting items, forgets the ones not started (whoever claimed them gets them back when their lease
    /// ends) and waits for the running ones to finish.
    /// </summary>
    public async Task DrainAsync()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var host in _hosts.Values)
                while (host.Waiting.TryDequeue(out var item)) _pending.Remove(_idOf(item));
            _waiting = 0;
            _ready.Writer.TryComplete();
        }
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    async Task WorkAsync()
    {
        await foreach (var item in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (!_stopping.IsCancellationRequested)
                    await _work(item, _stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _onError(item, e);
            }
            finally
            {
                Finish(item);
            }
            Completed?.Invoke();
        }
    }

    void Finish(T item)
    {
        lock (_lock)
        {
            _pending.Remove(_idOf(item));
            var key = _hostOf(item);
            var host = _hosts[key];
            // Hand the host's slot straight to its next waiting item.
            if (!_closed && host.Waiting.TryDequeue(out var next))
            {
                _waiting--;
                _ready.Writer.TryWrite(next);
            }
            else if (--host.Running == 0 && host.Waiting.Count == 0) _hosts.Remove(key);
        }
    }

    HostState Host(string key)
    {
        if (!_hosts.TryGetValue(key, out var state)) _hosts[key] = state = new HostState();
        return state;
    }
}
