using Microsoft.AspNetCore.Http;
using OpenApiClientGen.RuntimeTests.Http;

namespace OpenApiClientGen.RuntimeTests.Retry;

/// <summary>One canned response: a status, a body and headers.</summary>
public sealed class Reply(int status, string? body = null, string contentType = "application/json", params (string Name, string Value)[] headers)
{
    public int Status => status;

    public Task WriteAsync(HttpContext context) => RecordingServer.Reply(context, status, body, contentType, headers);
}

/// <summary>Scenarios whose answer depends on the attempt: the server-side count of requests is what the tests assert.</summary>
public static class Replies
{
    /// <summary>
    /// A scenario that answers its first request with <paramref name="replies"/>[0], the second with [1], and so on; every
    /// request after the last reply gets the last reply again.
    /// </summary>
    public static Scenario Sequence(this RecordingServer server, params Reply[] replies)
    {
        if (replies.Length == 0) throw new ArgumentException("At least one reply.", nameof(replies));
        var count = new int[1];
        return server.NewScenario((context, _) =>
        {
            var attempt = Interlocked.Increment(ref count[0]);
            return replies[Math.Min(attempt, replies.Length) - 1].WriteAsync(context);
        });
    }

    /// <summary>
    /// A scenario that resets the connection of its first request (the server has read it: the request may have taken
    /// effect) and answers the others with <paramref name="then"/>.
    /// </summary>
    public static Scenario ResetThen(this RecordingServer server, Reply then) => server.FirstThen(context =>
    {
        context.Abort();
        return Task.CompletedTask;
    }, then);

    /// <summary>A scenario that gives the first request to <paramref name="first"/> and answers the others with <paramref name="then"/>.</summary>
    public static Scenario FirstThen(this RecordingServer server, Func<HttpContext, Task> first, Reply then)
    {
        var count = new int[1];
        return server.NewScenario((context, _) => Interlocked.Increment(ref count[0]) == 1 ? first(context) : then.WriteAsync(context));
    }
}
