using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;

namespace Inertia.Feeds.Xml;

/// <summary>
/// Strings from UTF-8 in one validating pass. <see cref="System.Text.Encoding.GetString(ReadOnlySpan{byte})"/> validates
/// the bytes once to count the characters and transcodes them in a second pass; here the count comes from a cheap
/// vectorized tally that assumes valid input, and the transcoding pass is the one that validates: invalid bytes are
/// reported, never replaced, so that the tokenizer can hand such a document to the general path.
/// </summary>
internal static class Utf8Text
{
    private const int ShortAscii = 256;

    /// <summary>The decoded string; false when the bytes are not valid UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.IsEmpty) return true;
        // Short ASCII values (names, dates, ids, most URLs and titles) are widened without the count and the transcoder's
        // set-up, which cost more than the copy itself at these lengths.
        if (bytes.Length <= ShortAscii && Ascii.IsValid(bytes))
        {
            text = Encoding.Latin1.GetString(bytes);
            return true;
        }
        var ok = true;
        var length = Utf16Length(bytes);
        if (length <= 0) return false; // only continuation bytes: invalid (and string.Create would not call back)
        unsafe
        {
            fixed (byte* p = bytes)
                text = string.Create(length, ((nint)p, bytes.Length, (nint)(&ok)), static (chars, state) =>
                {
                    var source = new ReadOnlySpan<byte>((byte*)state.Item1, state.Item2);
                    // A wrong count (invalid input) shows as an error or as a different number of characters written.
                    if (Utf8.ToUtf16(source, chars, out var read, out var written, replaceInvalidSequences: false) != OperationStatus.Done
                        || written != chars.Length || read != source.Length)
                        *(bool*)state.Item3 = false;
                });
        }
        return ok;
    }

    /// <summary>UTF-16 length of valid UTF-8: one unit per byte that is not a continuation byte, two for 4-byte sequences.</summary>
    public static int Utf16Length(ReadOnlySpan<byte> bytes)
    {
        var count = bytes.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var src = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bytes);
            for (; i + 32 <= bytes.Length; i += 32)
            {
                var v = Vector256.LoadUnsafe(ref src, (nuint)i).AsSByte();
                if (Vector256.ExtractMostSignificantBits(v) == 0) continue; // ASCII
                var continuation = Vector256.LessThan(v, Vector256.Create((sbyte)-64)).ExtractMostSignificantBits(); // 0x80–0xBF
                var lead4 = (Vector256.GreaterThanOrEqual(v, Vector256.Create((sbyte)-16)) & Vector256.LessThan(v, Vector256<sbyte>.Zero))
                    .ExtractMostSignificantBits(); // 0xF0–0xFF
                count += BitOperations.PopCount(lead4) - BitOperations.PopCount(continuation);
            }
        }
        for (; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b is >= 0x80 and < 0xC0) count--;
            else if (b >= 0xF0) count++;
        }
        return count;
    }
}
