namespace FactorTrace.Data.Identity;

/// <summary>Repetitive and sequential passwords.</summary>
public static partial class PasswordPolicy
{
    /// <summary>
    /// Few distinct characters, or a short unit repeated, in the whole text or in its core (the digits and symbols around it
    /// removed) when that is at least half of it.
    /// </summary>
    private static bool IsRepetitive(int[] codePoints)
    {
        if (codePoints.Distinct().Take(FewestDistinct + 1).Count() <= FewestDistinct)
        {
            return true;
        }

        if (IsShortUnitRepeated(codePoints))
        {
            return true;
        }

        var start = 0;
        var end = codePoints.Length;
        while (start < end && IsDecoration(codePoints[start]))
        {
            start++;
        }

        while (end > start && IsDecoration(codePoints[end - 1]))
        {
            end--;
        }

        var core = codePoints.AsSpan(start, end - start);
        return core.Length < codePoints.Length && core.Length * 2 >= codePoints.Length && IsShortUnitRepeated(core);
    }

    /// <summary>The text repeats (at least twice, the last time perhaps in part) a unit shorter than <see cref="MinimumLength"/>.</summary>
    private static bool IsShortUnitRepeated(ReadOnlySpan<int> text)
    {
        var period = SmallestPeriod(text);
        return period < MinimumLength && period * 2 <= text.Length;
    }

    /// <summary>The smallest p with text[i] == text[i + p] for every i (Knuth–Morris–Pratt failure function; linear).</summary>
    private static int SmallestPeriod<T>(ReadOnlySpan<T> text)
        where T : IEquatable<T>
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var border = new int[text.Length];
        for (var i = 1; i < text.Length; i++)
        {
            var k = border[i - 1];
            while (k > 0 && !text[i].Equals(text[k]))
            {
                k = border[k - 1];
            }

            if (text[i].Equals(text[k]))
            {
                k++;
            }

            border[i] = k;
        }

        return text.Length - border[^1];
    }

    /// <summary>
    /// All but <see cref="SequentialSlack"/> code points lie in runs of <see cref="MinimumRun"/> or more along one of
    /// <see cref="Sequences"/>.
    /// </summary>
    private static bool IsSequential(int[] codePoints)
    {
        var covered = new bool[codePoints.Length];
        foreach (var sequence in Sequences)
        {
            foreach (var direction in (ReadOnlySpan<int>)[1, -1])
            {
                var runStart = 0;
                for (var i = 1; i <= codePoints.Length; i++)
                {
                    if (i < codePoints.Length && sequence.Follows(codePoints[i - 1], codePoints[i], direction))
                    {
                        continue;
                    }

                    if (i - runStart >= MinimumRun)
                    {
                        covered.AsSpan(runStart, i - runStart).Fill(true);
                    }

                    runStart = i;
                }
            }
        }

        return covered.Count(c => !c) <= SequentialSlack;
    }

    /// <summary>An order of ASCII characters and whether its end runs on to its start.</summary>
    private sealed class Sequence
    {
        private readonly int[] _position = new int[128];
        private readonly int _length;
        private readonly bool _cyclic;

        public Sequence(string order, bool cyclic)
        {
            Array.Fill(_position, -1);
            for (var i = 0; i < order.Length; i++)
            {
                _position[order[i]] = i;
            }

            _length = order.Length;
            _cyclic = cyclic;
        }

        /// <summary>Whether <paramref name="next"/> is one step from <paramref name="previous"/> in <paramref name="direction"/>.</summary>
        public bool Follows(int previous, int next, int direction)
        {
            if ((uint)previous >= 128 || (uint)next >= 128)
            {
                return false;
            }

            var from = _position[previous];
            var to = _position[next];
            if (from < 0 || to < 0)
            {
                return false;
            }

            var step = from + direction;
            return to == (_cyclic ? (step + _length) % _length : step);
        }
    }
}
