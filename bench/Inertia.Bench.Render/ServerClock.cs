using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Inertia.Bench.Render;

/// <summary>
/// Times each request inside the server, around the whole pipeline (routing, auth, the page, writing the body): the
/// figure without the client and the loopback. Put first by a startup filter, since InertiaHost builds the pipeline.
/// </summary>
internal sealed class ServerClock : IStartupFilter
{
    public ConcurrentQueue<(string Path, double Ms)> Timings { get; } = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            var started = Stopwatch.GetTimestamp();
            await inner();
            Timings.Enqueue((context.Request.Path + context.Request.QueryString, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        });
        next(app);
    };
}
