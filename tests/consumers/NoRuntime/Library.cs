namespace NoRuntime;

/// <summary>Code of the project's own, which compiles.</summary>
public static class Library
{
    public static string Name => nameof(Library);
}
