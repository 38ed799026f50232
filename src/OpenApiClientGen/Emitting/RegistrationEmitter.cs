using OpenApiClientGen.Model;
using static OpenApiClientGen.Model.OutputNames;

namespace OpenApiClientGen.Emitting;

/// <summary>
/// Writes a client's dependency-injection registration, for compilations that reference Microsoft.Extensions.Http:
/// <c>services.Add&lt;Client&gt;(…)</c> registers the client (and its sub-clients) as a typed client of IHttpClientFactory
/// with its options from the options system; with Microsoft.Extensions.Http.Resilience, the standard resilience handler
/// retries as the annotations say, and the client's own retry loop is switched off so retries never multiply.
/// </summary>
internal static class RegistrationEmitter
{
    private const string Di = "global::Microsoft.Extensions.DependencyInjection";
    private const string Resilience = "global::Microsoft.Extensions.Http.Resilience";

    public static string Emit(RegistrationModel model)
    {
        var w = new SourceWriter();
        w.Line(SourceWriter.Header);
        w.OpenNamespace(model.Namespace);
        var client = model.ClientName;
        var options = $"global::{model.Namespace}.{model.OptionsName}";
        var metadata = $"global::{model.Namespace}.{client}.{RetryMetadataProperty}";

        w.Line($"/// <summary>Registers <see cref=\"{client}\"/> with dependency injection, through IHttpClientFactory.</summary>");
        w.Open($"public static partial class {ServiceCollectionExtensions(client)}");
        w.Summary($"The name of the HttpClient the registration configures (IHttpClientFactory's typed-client name).");
        w.Line($"public const string HttpClientName = {Identifiers.Literal(client)};");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Registers <see cref=\"{model.InterfaceName}\"/>{(model.Groups.Count > 0 ? " and its sub-clients" : "")} as a typed client of IHttpClientFactory: each");
        w.Line($"/// resolution is a <see cref=\"{client}\"/> over a pooled handler, with the <see cref=\"{model.OptionsName}\"/> of the options");
        w.Line($"/// system (set here, or bound: <c>services.Configure&lt;{model.OptionsName}&gt;(configuration.GetSection(\"…\"))</c>).");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"services\">The service collection.</param>");
        w.Line("/// <param name=\"configure\">Sets the options (base address, credentials, headers, retries); applied after other configuration.</param>");
        w.Line("/// <returns>The HttpClient's builder, to add handlers (a resilience handler, say) or configure it.</returns>");
        w.Open($"public static {Di}.IHttpClientBuilder Add{client}(this {Di}.IServiceCollection services, global::System.Action<{options}>? configure = null)");
        w.Line("if (services is null) throw new global::System.ArgumentNullException(nameof(services));");
        w.Line($"var optionsBuilder = {Di}.OptionsServiceCollectionExtensions.AddOptions<{options}>(services);");
        w.Line("if (configure is not null) optionsBuilder.Configure(configure);");
        w.Line($"var builder = {Di}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<global::{model.Namespace}.{model.InterfaceName}, global::{model.Namespace}.{client}>(");
        w.Line("    services,");
        w.Line("    HttpClientName,");
        w.Line($"    static (httpClient, provider) => new global::{model.Namespace}.{client}(httpClient, {Di}.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptionsMonitor<{options}>>(provider).CurrentValue));");
        foreach (var group in model.Groups)
        {
            w.Line($"{Di}.Extensions.ServiceCollectionDescriptorExtensions.TryAddTransient<global::{model.Namespace}.{group.InterfaceName}>(");
            w.Line($"    services, static provider => {Di}.ServiceProviderServiceExtensions.GetRequiredService<global::{model.Namespace}.{model.InterfaceName}>(provider).{group.PropertyName});");
        }
        w.Line("return builder;");
        w.Close();

        if (model.Hosting.Resilience)
        {
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Adds the standard resilience handler (rate limiter, total and attempt timeouts, retry, circuit breaker) with its");
            w.Line($"/// retry strategy driven by the annotations (<see cref=\"{ConfigureRetry}\"/>), and switches the client's own retry loop off");
            w.Line("/// (its options' Retry becomes RetryPolicy.None), so a failed attempt is retried by one layer only.");
            w.Line("/// </summary>");
            w.Line($"/// <param name=\"builder\">The builder <see cref=\"Add{client}\"/> returned.</param>");
            w.Line("/// <param name=\"configure\">Adjusts the handler's options after the annotations have set its retry strategy.</param>");
            w.Open($"public static {Resilience}.IHttpStandardResiliencePipelineBuilder Add{client}StandardResilienceHandler(this {Di}.IHttpClientBuilder builder, global::System.Action<{Resilience}.HttpStandardResilienceOptions>? configure = null)");
            w.Line("if (builder is null) throw new global::System.ArgumentNullException(nameof(builder));");
            w.Line($"{Di}.OptionsServiceCollectionExtensions.PostConfigure<{options}>(builder.Services, static options => options.Retry = global::OpenApiClientGen.RetryPolicy.None);");
            w.Line($"return {Di}.ResilienceHttpClientBuilderExtensions.AddStandardResilienceHandler(builder, options =>");
            w.Line("{");
            w.Line($"    {ConfigureRetry}(options.Retry);");
            w.Line("    configure?.Invoke(options);");
            w.Line("});");
            w.Close();
            w.Line();
            w.Line("/// <summary>");
            w.Line($"/// Sets a retry strategy of an HTTP resilience pipeline from <see cref=\"{client}.{RetryMetadataProperty}\"/>: which responses and failures are");
            w.Line("/// retried (the error table and codes, the operation's method or idempotency key, its attempts), the backoff (the policy's initial");
            w.Line("/// and longest delay, exponential or constant, jittered), and Retry-After honored up to the policy's cap. Change the options");
            w.Line("/// afterwards to tune the backoff. For <c>AddResilienceHandler</c> pipelines of your own; set the");
            w.Line($"/// client's <see cref=\"global::OpenApiClientGen.ApiClientOptions.Retry\"/> to <c>RetryPolicy.None</c> beside it.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"options\">The strategy's options, changed in place.</param>");
            w.Line("/// <returns>The same options.</returns>");
            w.Open($"public static {Resilience}.HttpRetryStrategyOptions {ConfigureRetry}({Resilience}.HttpRetryStrategyOptions options)");
            w.Line("if (options is null) throw new global::System.ArgumentNullException(nameof(options));");
            var policy = $"{metadata}.{nameof(OpenApiClientGen.RetryMetadata.Policy)}";
            w.Line($"var policy = {policy};");
            w.Line($"options.MaxRetryAttempts = global::System.Math.Max(1, {metadata}.{nameof(OpenApiClientGen.RetryMetadata.MaxAttempts)} - 1);");
            w.Line("options.Delay = policy.InitialDelay;");
            w.Line("options.MaxDelay = policy.MaxDelay;");
            w.Line("options.BackoffType = policy.Multiplier > 1 ? global::Polly.DelayBackoffType.Exponential : global::Polly.DelayBackoffType.Constant;");
            w.Line("options.UseJitter = policy.JitterRatio > 0 || policy.Jitter > global::System.TimeSpan.Zero;");
            w.Line("// Retry-After from the annotations' policy, with its cap (which the strategy's own header handling lacks).");
            w.Line("options.ShouldRetryAfterHeader = false;");
            w.Line("options.ShouldHandle = static args => new global::System.Threading.Tasks.ValueTask<bool>(");
            w.Line($"    {metadata}.{nameof(OpenApiClientGen.RetryMetadata.ShouldRetryAsync)}(");
            w.Line("        args.Outcome.Result,");
            w.Line("        args.Outcome.Exception is global::Polly.Timeout.TimeoutRejectedException timeout ? new global::System.TimeoutException(timeout.Message, timeout) : args.Outcome.Exception,");
            w.Line("        args.AttemptNumber + 1,");
            w.Line("        args.Context.CancellationToken));");
            w.Line("options.DelayGenerator = static args => new global::System.Threading.Tasks.ValueTask<global::System.TimeSpan?>(");
            w.Line($"    {metadata}.{nameof(OpenApiClientGen.RetryMetadata.RetryAfterWithinCap)}(args.Outcome.Result));");
            w.Line("return options;");
            w.Close();
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    private const string ConfigureRetry = "ConfigureRetry";
}
