// Negative control, compiled into PackageConsumer only with -p:OpenApiClientGenTrimCheckControl=true: reflection-based
// serialization that the trim (IL2026) and AOT (IL3050) analyzers must flag. If this build does not fail with both, the
// absence of those warnings in the real builds proves nothing.
internal static class ReflectionControl
{
    public static string Serialize(object value) => System.Text.Json.JsonSerializer.Serialize(value);
}
