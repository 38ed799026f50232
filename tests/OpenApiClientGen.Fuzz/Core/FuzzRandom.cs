namespace OpenApiClientGen.Fuzz;

/// <summary>
/// A small deterministic generator (SplitMix64): the same (seed, index) gives the same draws on every machine and runtime,
/// which <see cref="System.Random"/> does not promise. Every mutation draws only from one of these.
/// </summary>
internal sealed class FuzzRandom
{
    private ulong _state;

    public FuzzRandom(ulong seed) => _state = seed;

    /// <summary>The generator of one case: a pure function of the run's seed and the case's index (and a stream name).</summary>
    public static FuzzRandom For(int seed, long index, string stream = "") =>
        new(Mix(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ 0xD1B54A32D192ED03UL) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL) ^ Hash(stream)));

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>In [0, max).</summary>
    public int Next(int max) => max <= 0 ? 0 : (int)(NextULong() % (ulong)max);

    /// <summary>In [min, max).</summary>
    public int Next(int min, int max) => max <= min ? min : min + Next(max - min);

    public long NextLong(long max) => max <= 0 ? 0 : (long)(NextULong() % (ulong)max);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A length with a heavy tail: mostly short, sometimes up to <paramref name="max"/>.</summary>
    public int NextLength(int max)
    {
        if (max <= 1) return 1;
        var bits = Next(1, 1 + (int)Math.Ceiling(Math.Log2(max)));
        return Math.Max(1, Math.Min(max, Next(1 << (bits - 1), (1 << bits) + 1)));
    }

    /// <summary>An index by weight.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Hash(string text)
    {
        var h = 0xCBF29CE484222325UL; // FNV-1a
        foreach (var c in text)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return h;
    }
}
