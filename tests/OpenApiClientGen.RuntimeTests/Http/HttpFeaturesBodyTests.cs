using System.Text;
using System.Text.Json;
using HttpFeatures;
using Microsoft.AspNetCore.Http;
using Xunit;
using OpenApiClientGen;

namespace OpenApiClientGen.RuntimeTests.Http;

/// <summary>
/// Request bodies of every media type (JSON, multipart with a file stream, URL-encoded form, octet-stream, text) as
/// the server reads them, and success responses (JSON, text, a streamed download, 204, 200 vs 202, 201 vs 204).
/// </summary>
public sealed class HttpFeaturesBodyTests(RecordingServer server) : IClassFixture<RecordingServer>
{
    private HttpFeaturesClient Client(Scenario scenario) => new(server.HttpClient, new HttpFeaturesClientOptions
    {
        BaseAddress = server.Address("api"),
        BearerToken = "hf-bearer",
        DefaultHeaders = { [RecordingServer.ScenarioHeader] = scenario.Id },
    });

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ request bodies

    [Fact]
    public async Task Json_body_with_Content_Type_and_the_required_fields()
    {
        var scenario = server.NewScenario(201, HttpFeaturesParameterTests.ItemJson, "application/json", ("Location", "/api/items/42"));

        var item = await Client(scenario).CreateItemAsync(new NewItem { Name = "Lamp", Price = 19.5, Color = Color.Red, Tags = ["home", "desk"] });

        Assert.NotNull(item);
        Assert.Equal(42, item.Id);
        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/items", request.RawTarget);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("application/json", request.Header("Accept"));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("Lamp", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(19.5, json.RootElement.GetProperty("price").GetDouble());
        Assert.Equal("red", json.RootElement.GetProperty("color").GetString());
        Assert.Equal(["home", "desk"], json.RootElement.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task Json_body_leaves_out_null_optional_fields()
    {
        var scenario = server.NewScenario(201, HttpFeaturesParameterTests.ItemJson);

        await Client(scenario).CreateItemAsync(new NewItem { Name = "Pen", Price = 0 });

        using var json = JsonDocument.Parse(scenario.Single().Body);
        Assert.Equal(["name", "price"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, json.RootElement.GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Multipart_body_with_a_streamed_file()
    {
        var content = Bytes(300_000, seed: 1);
        IFormCollection? form = null;
        var scenario = server.NewScenario(async (context, _) =>
        {
            form = await context.Request.ReadFormAsync();
            var file = form.Files["file"]!;
            await RecordingServer.Reply(context, 201, JsonSerializer.Serialize(new { id = Guid.NewGuid(), size = file.Length, description = form["description"].ToString() }));
        });
        var upload = new AttachmentUpload
        {
            File = new FileContent(new NonSeekableStream(content), "report.pdf", "application/pdf"),
            Description = "Quarterly report",
            Tags = ["q1", "finance"],
        };

        var attachment = await Client(scenario).UploadAttachmentAsync(upload);

        Assert.Equal(content.Length, attachment.Size);
        Assert.Equal("Quarterly report", attachment.Description);
        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/attachments", request.RawTarget);
        Assert.StartsWith("multipart/form-data; boundary=", request.Header("Content-Type"));
        Assert.NotNull(form);
        var file = Assert.Single(form.Files);
        Assert.Equal("file", file.Name);
        Assert.Equal("report.pdf", file.FileName);
        Assert.Equal("application/pdf", file.ContentType);
        using (var read = new MemoryStream())
        {
            await file.CopyToAsync(read);
            Assert.Equal(content, read.ToArray());
        }
        Assert.Equal("Quarterly report", form["description"]);
        Assert.Equal(["q1", "finance"], form["tags"].Select(v => v!));
        Assert.Equal(["description", "tags"], form.Keys.Order());
    }

    [Fact]
    public async Task Multipart_file_defaults_its_name_and_media_type_and_null_fields_are_left_out()
    {
        IFormCollection? form = null;
        var scenario = server.NewScenario(async (context, _) =>
        {
            form = await context.Request.ReadFormAsync();
            await RecordingServer.Reply(context, 201, JsonSerializer.Serialize(new { id = Guid.NewGuid(), size = form.Files[0].Length }));
        });

        var attachment = await Client(scenario).UploadAttachmentAsync(new AttachmentUpload { File = new FileContent(Encoding.UTF8.GetBytes("hello")) });

        Assert.Equal(5, attachment.Size);
        Assert.Null(attachment.Description);
        var file = Assert.Single(form!.Files);
        Assert.Equal("file", file.Name);
        Assert.Equal("application/octet-stream", file.ContentType);
        Assert.Empty(form.Keys);
    }

    [Fact]
    public async Task Url_encoded_form_body()
    {
        IFormCollection? form = null;
        var scenario = server.NewScenario(async (context, _) =>
        {
            form = await context.Request.ReadFormAsync();
            context.Response.StatusCode = 204;
        });

        await Client(scenario).SubmitContactFormAsync(new ContactForm
        {
            Name = "Ada Lovelace",
            Email = "ada+notes@example.com",
            Age = 36,
            Subscribe = true,
            Interests = ["math", "analytical engines"],
        });

        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/contact", request.RawTarget);
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal("name=Ada+Lovelace&email=ada%2Bnotes%40example.com&age=36&subscribe=true&interests=math&interests=analytical+engines", request.BodyText);
        Assert.Equal("Ada Lovelace", form!["name"]);
        Assert.Equal("ada+notes@example.com", form["email"]);
        Assert.Equal("36", form["age"]);
        Assert.Equal("true", form["subscribe"]);
        Assert.Equal(["math", "analytical engines"], form["interests"].Select(v => v!));
    }

    [Fact]
    public async Task Url_encoded_form_sends_deepObject_encoded_properties_with_brackets()
    {
        var scenario = server.NewScenario(204);

        await Client(scenario).CreateSubscriptionAsync(new SubscriptionForm
        {
            Customer = "cus_1",
            Items = ["price_a", "price_b"],
            Metadata = new Dictionary<string, string> { ["plan"] = "pro" },
            Tags = ["x", "y"],
        });

        // Stripe's encoding: items and metadata are deepObject (indexed and keyed); tags keeps the form default (repeated).
        Assert.Equal("customer=cus_1&items%5B0%5D=price_a&items%5B1%5D=price_b&metadata%5Bplan%5D=pro&tags=x&tags=y", scenario.Single().BodyText);
    }

    [Fact]
    public async Task Url_encoded_form_leaves_out_null_fields()
    {
        var scenario = server.NewScenario(204);

        await Client(scenario).SubmitContactFormAsync(new ContactForm { Name = "Bob", Email = "bob@example.com" });

        Assert.Equal("name=Bob&email=bob%40example.com", scenario.Single().BodyText);
    }

    [Fact]
    public async Task Octet_stream_body_from_a_stream()
    {
        var content = Bytes(1_000_000, seed: 2);
        var scenario = server.NewScenario(204);
        var stream = new NonSeekableStream(content);

        await Client(scenario).UploadFileContentAsync("big file.bin", stream);

        var request = scenario.Single();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/files/big%20file.bin/content", request.RawTarget);
        Assert.Equal("application/octet-stream", request.Header("Content-Type"));
        Assert.Equal(content, request.Body);
        Assert.Equal(content.Length, stream.BytesRead);
    }

    [Fact]
    public async Task Text_plain_body_in_UTF_8()
    {
        const string text = "héllo wörld ✓\nsecond line";
        var scenario = server.NewScenario(201, """{"id": 7, "text": "héllo wörld ✓\nsecond line"}""", "application/json; charset=utf-8");

        var note = await Client(scenario).CreateNoteAsync(text);

        Assert.Equal(7, note.Id);
        Assert.Equal(text, note.Text);
        var request = scenario.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/notes", request.RawTarget);
        Assert.Equal("text/plain; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal(Encoding.UTF8.GetBytes(text), request.Body);
    }

    // ------------------------------------------------------------------ responses

    [Fact]
    public async Task Text_response_is_decoded_with_its_charset()
    {
        const string csv = "id,name,price\n42,Café crème,3.5\n";
        var scenario = server.NewScenario(200, csv, "text/csv; charset=utf-8");

        var result = await Client(scenario).ExportItemsAsync();

        Assert.Equal(csv, result);
        Assert.Equal("text/csv", scenario.Single().Header("Accept"));
    }

    [Fact]
    public async Task Download_is_a_stream_read_as_the_server_writes_it()
    {
        var first = Bytes(16_384, seed: 3);
        var rest = Bytes(50_000, seed: 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = server.NewScenario(async (context, _) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"report.bin\"";
            await context.Response.Body.WriteAsync(first, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(rest, context.RequestAborted);
        });

        try
        {
            // The call returns while the server is still holding back the rest: the body is not buffered.
            await using var stream = await Client(scenario).DownloadFileAsync("report.bin").WaitAsync(TimeSpan.FromSeconds(10));

            var head = new byte[first.Length];
            await stream.ReadExactlyAsync(head).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(first, head);
            Assert.False(release.Task.IsCompleted);

            release.SetResult();
            using var tail = new MemoryStream();
            await stream.CopyToAsync(tail).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(rest, tail.ToArray());
        }
        finally
        {
            release.TrySetResult();
        }

        var request = scenario.Single();
        Assert.Equal("/api/files/report.bin/content", request.RawTarget);
        Assert.Equal("application/octet-stream", request.Header("Accept"));
    }

    [Fact]
    public async Task Disposing_the_download_stream_releases_the_connection()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scenario = server.NewScenario(async (context, _) =>
        {
            using var registration = context.RequestAborted.Register(() => aborted.TrySetResult());
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
            await context.Response.Body.FlushAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, server.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });

        var stream = await Client(scenario).DownloadFileAsync("endless.bin").WaitAsync(TimeSpan.FromSeconds(10));
        var head = new byte[3];
        await stream.ReadExactlyAsync(head);
        Assert.Equal(new byte[] { 1, 2, 3 }, head);
        await stream.DisposeAsync();

        // The response (and its connection) went with the stream: the server sees the request aborted.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Status_204_without_a_body()
    {
        var scenario = server.NewScenario(204);

        await Client(scenario).DeleteItemAsync("42");

        var request = scenario.Single();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/api/items/42", request.RawTarget);
        Assert.Empty(request.Body);
    }

    [Fact]
    public async Task Status_200_and_202_give_different_typed_members()
    {
        var jobId = Guid.NewGuid();
        var done = server.NewScenario(200, $$"""{"jobId": "{{jobId}}", "processed": 1200}""");
        var queued = server.NewScenario(202, $$"""{"jobId": "{{jobId}}", "statusUrl": "https://api.example.com/jobs/{{jobId}}", "estimatedSeconds": 30}""", "application/json", ("Location", $"/api/jobs/{jobId}"));

        var completed = await Client(done).StartJobAsync(new JobRequest { Kind = JobRequestKind.Reindex, DryRun = true });
        var accepted = await Client(queued).StartJobAsync(new JobRequest { Kind = JobRequestKind.Export });

        Assert.Equal(200, completed.StatusCode);
        Assert.NotNull(completed.Ok);
        Assert.Null(completed.Accepted);
        Assert.Equal(jobId, completed.Ok.JobId);
        Assert.Equal(1200, completed.Ok.Processed);

        Assert.Equal(202, accepted.StatusCode);
        Assert.Null(accepted.Ok);
        Assert.NotNull(accepted.Accepted);
        Assert.Equal(jobId, accepted.Accepted.JobId);
        Assert.Equal($"https://api.example.com/jobs/{jobId}", accepted.Accepted.StatusUrl);
        Assert.Equal(30, accepted.Accepted.EstimatedSeconds);

        using var first = JsonDocument.Parse(done.Single().Body);
        Assert.Equal("reindex", first.RootElement.GetProperty("kind").GetString());
        Assert.True(first.RootElement.GetProperty("dryRun").GetBoolean());
        using var second = JsonDocument.Parse(queued.Single().Body);
        Assert.Equal("export", second.RootElement.GetProperty("kind").GetString());
        Assert.False(second.RootElement.TryGetProperty("dryRun", out _));
    }

    [Fact]
    public async Task Status_201_gives_the_item_and_204_gives_null()
    {
        var created = server.NewScenario(201, HttpFeaturesParameterTests.ItemJson);
        var existing = server.NewScenario(204);
        var body = new NewItem { Name = "Lamp", Price = 19.5 };

        var item = await Client(created).CreateItemAsync(body);
        var nothing = await Client(existing).CreateItemAsync(body);

        Assert.NotNull(item);
        Assert.Equal("Lamp", item.Name);
        Assert.Null(nothing);
        Assert.Equal(created.Single().Body, existing.Single().Body);
    }

    [Fact]
    public async Task An_undeclared_success_status_is_an_error()
    {
        // createItem declares 201 and 204 only.
        var scenario = server.NewScenario(200, HttpFeaturesParameterTests.ItemJson);

        var error = await Assert.ThrowsAsync<ApiException>(() => Client(scenario).CreateItemAsync(new NewItem { Name = "Lamp", Price = 1 }));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("createItem", error.OperationId);
        Assert.Equal(HttpFeaturesParameterTests.ItemJson, error.ResponseBody);
    }

    /// <summary>A read-only stream that cannot seek, so the client cannot know its length up front.</summary>
    private sealed class NonSeekableStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content, writable: false);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await _inner.ReadAsync(buffer, cancellationToken));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
