using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glassbox.Text;

/// <summary>
/// A hash table from byte strings to short int sequences, stored in flat arrays so that a lookup by
/// <see cref="ReadOnlySpan{T}"/> allocates nothing: the encoder's memo of pre-token → token ids, and the index of
/// token bytes → id. Keys and values live in two growing arenas; the table is cleared when it reaches its entry cap
/// or its arenas their byte caps, rather than evicting one by one (text repeats its common pieces, so they come
/// straight back). The caps bound the memory that hostile input (endless distinct pieces) can make the cache hold.
/// </summary>
/// <remarks>Open addressing with linear probing, kept at most half full. Hashes are <see cref="HashCode"/>'s, which
/// are seeded per process, so crafted text cannot force collisions that would make every lookup a scan.</remarks>
internal sealed class PieceCache
{
    private int[] _buckets;        // entry index + 1; 0 = empty
    private Entry[] _entries;
    private byte[] _keys;
    private int[] _values;
    private int _count, _keyUsed, _valueUsed;
    private readonly int _maxEntries, _maxKeyBytes, _maxValues;

    private struct Entry
    {
        public int Hash, KeyOffset, KeyLength, ValueOffset, ValueLength;
    }

    /// <summary>
    /// Creates an empty table that clears itself before an insertion would exceed <paramref name="maxEntries"/>
    /// entries, <paramref name="maxKeyBytes"/> bytes of keys or <paramref name="maxValues"/> values in all.
    /// </summary>
    public PieceCache(int maxEntries = int.MaxValue, int initialCapacity = 1024, int maxKeyBytes = int.MaxValue, int maxValues = int.MaxValue)
    {
        _maxEntries = maxEntries;
        _maxKeyBytes = maxKeyBytes;
        _maxValues = maxValues;
        int cap = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, initialCapacity * 2));
        _buckets = new int[cap];
        _entries = new Entry[Math.Max(8, initialCapacity)];
        _keys = new byte[Math.Max(64, initialCapacity * 8)];
        _values = new int[Math.Max(64, initialCapacity * 4)];
    }

    /// <summary>Entries now held.</summary>
    public int Count => _count;

    /// <summary>The hash to pass to <see cref="TryGet"/> and <see cref="Add"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> key)
    {
        var h = new HashCode();
        h.AddBytes(key);
        return h.ToHashCode();
    }

    /// <summary>Finds <paramref name="key"/>; the returned span is valid until the next <see cref="Add"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ReadOnlySpan<byte> key, int hash, out ReadOnlySpan<int> value)
    {
        int mask = _buckets.Length - 1;
        for (int b = hash & mask; ; b = (b + 1) & mask)
        {
            int e = _buckets[b];
            if (e == 0) { value = default; return false; }
            ref var entry = ref _entries[e - 1];
            if (entry.Hash == hash && key.SequenceEqual(_keys.AsSpan(entry.KeyOffset, entry.KeyLength)))
            {
                value = _values.AsSpan(entry.ValueOffset, entry.ValueLength);
                return true;
            }
        }
    }

    /// <summary>Adds <paramref name="key"/> → <paramref name="value"/>; the key must not be present.</summary>
    public void Add(ReadOnlySpan<byte> key, int hash, ReadOnlySpan<int> value)
    {
        if (_count >= _maxEntries || (long)_keyUsed + key.Length > _maxKeyBytes || (long)_valueUsed + value.Length > _maxValues) Clear();
        if ((_count + 1) * 2 > _buckets.Length) Rehash(_buckets.Length * 2);
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        EnsureRoom(ref _keys, _keyUsed + key.Length);
        EnsureRoom(ref _values, _valueUsed + value.Length);

        key.CopyTo(_keys.AsSpan(_keyUsed));
        value.CopyTo(_values.AsSpan(_valueUsed));
        _entries[_count] = new Entry { Hash = hash, KeyOffset = _keyUsed, KeyLength = key.Length, ValueOffset = _valueUsed, ValueLength = value.Length };
        _keyUsed += key.Length;
        _valueUsed += value.Length;
        _count++;
        Insert(_count - 1, hash);
    }

    /// <summary>Forgets every entry (the arenas are kept for reuse).</summary>
    public void Clear()
    {
        Array.Clear(_buckets);
        _count = _keyUsed = _valueUsed = 0;
    }

    private void Insert(int entryIndex, int hash)
    {
        int mask = _buckets.Length - 1;
        int b = hash & mask;
        while (_buckets[b] != 0) b = (b + 1) & mask;
        _buckets[b] = entryIndex + 1;
    }

    private void Rehash(int size)
    {
        _buckets = new int[size];
        for (int i = 0; i < _count; i++) Insert(i, _entries[i].Hash);
    }

    private static void EnsureRoom<T>(ref T[] arena, int needed)
    {
        if (needed <= arena.Length) return;
        Array.Resize(ref arena, (int)Math.Min(Array.MaxLength, Math.Max((long)needed, arena.Length * 2L)));
    }
}
