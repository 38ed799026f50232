using System.Diagnostics;
using System.Net;
using System.Text;
using Chat;
using static Harness;

/// <summary>
/// Memory while a long event stream goes through a generated client: 100,000 server-sent events (one chat chunk each),
/// produced on the fly by an in-memory handler (no socket, no server buffering), read with
/// <c>CreateChatCompletionStreamingAsync</c>. At checkpoints: the live heap after a full collection, the bytes allocated
/// so far and per event. Flat means the live heap at 100,000 events is what it was at 1,000 (the ratio printed); the
/// baseline row reads the same body whole, as a client without streaming must, for scale.
/// </summary>
internal static class Streaming
{
    public static void Run(bool quick)
    {
        var total = quick ? 20_000 : 100_000;
        int[] checkpoints = quick ? [1_000, 5_000, 10_000, 20_000] : [1_000, 10_000, 25_000, 50_000, 100_000];
        Console.WriteLine();
        Console.WriteLine(Invariant($"### Streaming: {total:N0} server-sent events through the generated client"));
        Console.WriteLine();
        Console.WriteLine("| events | live heap after GC | allocated so far | allocated per event | elapsed |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");

        using var http = new HttpClient(new EventsHandler(total));
        var client = new ChatClient(http, new ChatClientOptions { BaseAddress = new Uri("http://stream.test/v1"), BearerToken = "t", Retry = OpenApiClientGen.RetryPolicy.None });
        var request = new ChatRequest { Model = "m", Messages = [new Message { Role = MessageRole.User, Content = "count" }], Stream = true };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heapAtStart = GC.GetTotalMemory(true);
        var allocatedAtStart = GC.GetTotalAllocatedBytes(true);
        var watch = Stopwatch.StartNew();
        var count = 0;
        var next = 0;
        var heaps = new List<long>();
        long characters = 0;
        var enumerator = client.CreateChatCompletionStreamingAsync(request).GetAsyncEnumerator();
        try
        {
            while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                characters += enumerator.Current.Choices[0].Delta?.Content?.Length ?? 0;
                count++;
                if (next < checkpoints.Length && count == checkpoints[next])
                {
                    next++;
                    var elapsed = watch.Elapsed;
                    var heap = GC.GetTotalMemory(true) - heapAtStart;
                    var allocated = GC.GetTotalAllocatedBytes(true) - allocatedAtStart;
                    heaps.Add(heap);
                    Console.WriteLine(Invariant($"| {count:N0} | {heap / 1024.0:N0} KB | {allocated / 1048576.0:N1} MB | {allocated / (double)count:N0} B | {elapsed.TotalMilliseconds:N0} ms |"));
                }
            }
        }
        finally
        {
            enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (count != total || characters == 0) throw new InvalidOperationException($"{count} events of {total} came through.");

        // For scale: the same body read whole, as a client that does not stream holds it.
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        string body;
        using (var buffered = new HttpClient(new EventsHandler(total)))
            body = buffered.GetStringAsync("http://stream.test/v1/chat/completions").GetAwaiter().GetResult();
        var whole = GC.GetTotalMemory(true) - before;
        Console.WriteLine(Invariant($"| {total:N0}, the body read whole (baseline) | {whole / 1024.0:N0} KB | | | |"));
        GC.KeepAlive(body);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Live heap at {checkpoints[^1]:N0} events ÷ at {checkpoints[0]:N0}: {heaps[^1] / (double)Math.Max(1, heaps[0]):N2}× (flat: about 1); the body read whole holds {whole / (double)Math.Max(1, heaps[^1]):N0}× the streaming client's live heap."));
    }

    /// <summary>Answers every request with an event stream of <c>count</c> chunks, written as they are read.</summary>
    private sealed class EventsHandler(int count) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new EventStream(count));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    /// <summary>A read-only stream of <c>data: {chunk}</c> events and a final <c>[DONE]</c>, made as they are read.</summary>
    private sealed class EventStream(int count) : Stream
    {
        private byte[] _pending = [];
        private int _offset;
        private int _written;

        public override int Read(byte[] buffer, int offset, int length)
        {
            if (_offset == _pending.Length)
            {
                if (_written > count) return 0;
                _pending = Encoding.UTF8.GetBytes(_written == count
                    ? "data: [DONE]\n\n"
                    : "data: {\"id\": \"chatcmpl-1\", \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"token " + _written + " \"}, \"finish_reason\": null}]}\n\n");
                _offset = 0;
                _written++;
            }
            var n = Math.Min(length, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
