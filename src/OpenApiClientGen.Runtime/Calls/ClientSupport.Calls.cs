using System;
using System.Net.Http;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace OpenApiClientGen.Runtime;

/// <summary>Calls: one operation's call from its per-call options to its outcome.</summary>
public static partial class ClientSupport
{
    /// <summary>The request property holding the operation's key ("operationId" or "METHOD /path"), for handlers and resilience pipelines.</summary>
    public const string OperationProperty = "OpenApiClientGen.Operation";

    /// <summary>The operation a request of a generated client belongs to (its operationId, else "METHOD /path"), or null.</summary>
    public static string? OperationOf(HttpRequestMessage request) =>
        request is null ? throw new ArgumentNullException(nameof(request)) : Platform.Get<string>(request, OperationProperty);

    /// <summary>
    /// Makes one call of an operation: each attempt's request built fresh, given its credentials and the call's headers
    /// and query parameters, sent through the retry loop, then decoded into the operation's outcome. A 401 to a token a
    /// provider gave is answered once: the provider is told the token was rejected and the call is sent again. The
    /// response is disposed once decoded, unless <paramref name="streams"/> (the decoder hands a success's body stream to
    /// the caller, who disposes it); a call that runs past its <see cref="RequestOptions.Timeout"/> ends with a
    /// <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="httpClient">Sends the requests.</param>
    /// <param name="createRequest">Builds a fresh request for each attempt.</param>
    /// <param name="authenticate">Gives a request its credentials (null for an API without security schemes).</param>
    /// <param name="metadata">The API's retry annotations.</param>
    /// <param name="options">The client's options.</param>
    /// <param name="operation">The operation's operationId, or "METHOD /path".</param>
    /// <param name="operationId">The operation's operationId, if it has one.</param>
    /// <param name="requestOptions">The call's options, or null.</param>
    /// <param name="redactor">Removes the client's credentials from errors and responses.</param>
    /// <param name="replayable">Whether the request body can be sent again.</param>
    /// <param name="streams">Whether a success's body is a stream the caller owns (the decoder disposes other successes).</param>
    /// <param name="decode">Turns the response into the outcome.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public static async Task<TOutcome> CallAsync<TOutcome>(
        HttpClient httpClient,
        Func<HttpRequestMessage> createRequest,
        Func<HttpRequestMessage, CallScope, Task>? authenticate,
        RetryMetadata metadata,
        ApiClientOptions options,
        string operation,
        string? operationId,
        RequestOptions? requestOptions,
        Redactor redactor,
        bool replayable,
        bool streams,
        Func<HttpResponseMessage, CallScope, Task<TOutcome>> decode,
        CancellationToken cancellationToken)
        where TOutcome : ApiOutcome
    {
        using var call = new CallScope(operation, operationId, requestOptions, redactor, cancellationToken);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(httpClient, createRequest, authenticate, metadata, options, call, replayable).ConfigureAwait(false);
            var outcome = await decode(response, call).ConfigureAwait(false);
            if (!streams || !outcome.IsSuccess) response.Dispose();
            return outcome;
        }
        catch (Exception e) when (call.TimedOut(e))
        {
            response?.Dispose();
            throw call.TimeoutError(e);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a call through the retry loop, each attempt's request built fresh with its credentials and the call's
    /// options (and <paramref name="lastEventId"/> as <c>Last-Event-ID</c>, when resuming a stream); a 401 to a token a
    /// provider gave is answered once: the provider is told the token was rejected and the call sent again.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient httpClient,
        Func<HttpRequestMessage> createRequest,
        Func<HttpRequestMessage, CallScope, Task>? authenticate,
        RetryMetadata metadata,
        ApiClientOptions options,
        CallScope call,
        bool replayable,
        string? lastEventId = null)
    {
        async Task<HttpRequestMessage> Create()
        {
            var request = createRequest();
            Platform.Set(request, OperationProperty, call.Operation);
            // A next page at a URL of the server's: credentials are added to it as to any request.
            if (call.Options?.Url is { } url) request.RequestUri = url;
            try
            {
                if (authenticate is not null) await authenticate(request, call).ConfigureAwait(false);
                call.Apply(request);
                if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
            }
            catch
            {
                request.Dispose();
                throw;
            }
            return request;
        }

        var response = await RetryLoop.SendAsync(httpClient, Create, metadata, options, call, replayable).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && replayable && call.Reject())
        {
            var earlier = RetryOutcome.Of(response)?.Attempts ?? 1;
            response.Dispose();
            response = await RetryLoop.SendAsync(httpClient, Create, metadata, options, call, replayable).ConfigureAwait(false);
            // The call's attempts are both rounds' (what ApiResponse and ApiException report).
            if (response.RequestMessage is { } request)
                (RetryOutcome.Of(response) ?? new RetryOutcome()).With(earlier).AttachTo(request);
        }
        return response;
    }

    /// <summary>Reads a JSON success body of a call as it streams in.</summary>
    public static Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CallScope call) =>
        ReadJsonAsync(response, typeInfo, call.OperationId, call.Redactor, call.Token);

    /// <summary>Reads a <c>text/*</c> success body of a call.</summary>
    public static Task<string> ReadTextAsync(HttpResponseMessage response, CallScope call) =>
        ReadTextAsync(response, call.Token);

    /// <summary>A call's success body as a stream that owns the response: the caller disposes it.</summary>
    public static Task<System.IO.Stream> ReadStreamAsync(HttpResponseMessage response, CallScope call) =>
        ReadStreamAsync(response, call.Token);

    /// <summary>The error of a call for a status without a declared body type.</summary>
    public static Task<ApiException> ErrorAsync(HttpResponseMessage response, CallScope call) =>
        ErrorAsync(response, call.OperationId, call.Redactor, call.Token);

    /// <summary>The typed error of a call for a status whose body schema the API description declares.</summary>
    public static Task<ApiException<TPayload>> ErrorAsync<TPayload>(HttpResponseMessage response, JsonTypeInfo<TPayload> typeInfo, CallScope call) =>
        ErrorAsync(response, typeInfo, call.OperationId, call.Redactor, call.Token);
}
