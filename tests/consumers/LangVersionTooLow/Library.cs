namespace LangVersionTooLow
{
    /// <summary>C# 7.3 code of the library's own, which compiles.</summary>
    public static class Library
    {
        public static string Name => nameof(Library);
    }
}
