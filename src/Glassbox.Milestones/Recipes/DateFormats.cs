using System.Globalization;

namespace Glassbox.Milestones.Recipes;

/// <summary>
/// The date-normalisation task of <c>seq2seq-dates</c>: a calendar date written in one of many human formats
/// ("3rd of March, 2019", "Sun 3 Mar 19", "03/03/2019", ...) is to be rewritten as ISO 8601, "2019-03-03".
/// </summary>
/// <remarks>
/// <para>
/// Dates run from 1950-01-01 to 2049-12-31, so a two-digit year is unambiguous (50–99 → 19yy, 00–49 → 20yy). Only one
/// all-numeric day/month order is used (day first), since "03/04/2019" cannot be read both ways. The weekday in the
/// formats that carry one is the true one, computed from the date; the model may use or ignore it.
/// </para>
/// <para>
/// <b>Held-out dates.</b> <see cref="Split"/> holds out a seeded random share of the <em>dates</em>: a held-out date
/// never appears in training in any format. A model that only memorised strings, or even dates, scores nothing on
/// them; it must have learned to read each field.
/// </para>
/// </remarks>
public static class DateFormats
{
    /// <summary>First and last date of the range.</summary>
    public static readonly DateOnly First = new(1950, 1, 1), Last = new(2049, 12, 31);

    /// <summary>Every character a source string can contain; index + 1 is its source id (0 is padding).</summary>
    public const string SourceAlphabet = " ,-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Target ids: 0 start, 1 end, 2–11 the digits, 12 the hyphen.</summary>
    public const int Start = 0, End = 1, TargetVocab = 13;

    private static readonly string[] Months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames[..12];
    private static readonly string[] Days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;

    /// <summary>The formats, each a function of the date.</summary>
    public static readonly Func<DateOnly, string>[] Formats =
    [
        d => $"{Ordinal(d.Day)} of {Months[d.Month - 1]}, {d.Year}",                     // 3rd of March, 2019
        d => $"{Months[d.Month - 1]} {d.Day}, {d.Year}",                                  // March 3, 2019
        d => $"{d.Day:00}/{d.Month:00}/{d.Year}",                                          // 03/03/2019
        d => $"{d.Year}-{d.Month}-{d.Day}",                                                // 2019-3-3
        d => $"{Days[(int)d.DayOfWeek][..3]} {d.Day} {Months[d.Month - 1][..3]} {d.Year % 100:00}", // Sun 3 Mar 19
        d => $"{d.Day} {Months[d.Month - 1]} {d.Year}",                                    // 3 March 2019
        d => $"{Days[(int)d.DayOfWeek]}, {Months[d.Month - 1]} {Ordinal(d.Day)}, {d.Year}", // Sunday, March 3rd, 2019
        d => $"{d.Day}.{d.Month}.{d.Year}",                                                // 3.3.2019
        d => $"{Months[d.Month - 1][..3].ToUpperInvariant()} {d.Day} {d.Year}",           // MAR 3 2019
        d => $"{d.Year}{d.Month:00}{d.Day:00}",                                            // 20190303
        d => $"the {Ordinal(d.Day)} of {Months[d.Month - 1].ToLowerInvariant()} {d.Year}", // the 3rd of march 2019
        d => $"{d.Day}-{Months[d.Month - 1][..3]}-{d.Year}",                               // 3-Mar-2019
        d => $"{d.Month:00}.{d.Year % 100:00}, day {d.Day}",                               // 03.19, day 3
    ];

    /// <summary>The ISO 8601 form, yyyy-mm-dd.</summary>
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st, 22nd, 23rd, 31st.</summary>
    public static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>All dates of the range, shuffled with <paramref name="seed"/> and cut into training dates and <paramref name="heldOutShare"/> held-out dates.</summary>
    public static (DateOnly[] Train, DateOnly[] HeldOut) Split(ulong seed, double heldOutShare)
    {
        int n = Last.DayNumber - First.DayNumber + 1;
        var all = Enumerable.Range(0, n).Select(First.AddDays).ToArray();
        var rng = new Random((int)(seed % int.MaxValue) + 17);
        rng.Shuffle(all);
        int held = (int)Math.Round(n * heldOutShare);
        return (all[held..], all[..held]);
    }

    /// <summary>Source ids of a string (character index in <see cref="SourceAlphabet"/> + 1).</summary>
    public static long[] EncodeSource(string s) => s.Select(c =>
    {
        int i = SourceAlphabet.IndexOf(c);
        if (i < 0) throw new ArgumentException($"seq2seq-dates: character '{c}' of \"{s}\" is outside the source alphabet");
        return (long)(i + 1);
    }).ToArray();

    /// <summary>Target ids of an ISO date, without the start and end tokens.</summary>
    public static long[] EncodeTarget(string iso) => iso.Select(c => c == '-' ? 12L : 2L + (c - '0')).ToArray();

    /// <summary>The string of target ids (digits and hyphens; start/end ids are dropped).</summary>
    public static string DecodeTarget(IEnumerable<int> ids) =>
        new(ids.Where(i => i >= 2).Select(i => i == 12 ? '-' : (char)('0' + i - 2)).ToArray());

    /// <summary>
    /// A padded batch: source ids [B, S] (0 = padding), lengths, decoder inputs [B, 11] (start + 10 characters) and
    /// targets [B·11] (10 characters + end).
    /// </summary>
    public static (Tensor Source, int[] Lengths, Tensor DecoderInput, Tensor Target) Batch(IReadOnlyList<(string Text, DateOnly Date)> items)
    {
        int b = items.Count;
        var src = items.Select(i => EncodeSource(i.Text)).ToArray();
        int s = src.Max(x => x.Length);
        var ids = new long[b * s];
        var dec = new long[b * 11];
        var tgt = new long[b * 11];
        for (int i = 0; i < b; i++)
        {
            src[i].CopyTo(ids, i * s);
            var t = EncodeTarget(Iso(items[i].Date));
            dec[i * 11] = Start;
            t.CopyTo(dec, i * 11 + 1);
            t.CopyTo(tgt, i * 11);
            tgt[i * 11 + 10] = End;
        }
        return (Tensor.FromArray(ids, b, s), src.Select(x => x.Length).ToArray(), Tensor.FromArray(dec, b, 11), Tensor.FromArray(tgt, b * 11));
    }
}
