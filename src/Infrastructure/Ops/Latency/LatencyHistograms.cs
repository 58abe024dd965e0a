using HdrHistogram;
using HdrHistogram.Utilities;

namespace Scholar.Infrastructure.Ops.Latency;

/// <summary>
/// The one histogram shape used for request latency: microseconds from 1 µs to 1 hour at three
/// significant digits (0.1 % relative error), stored in HdrHistogram's compressed V2 encoding.
/// </summary>
public static class LatencyHistograms
{
    public const long HighestTrackableMicroseconds = 3_600_000_000;
    public const int SignificantDigits = 3;

    public static LongHistogram Create() => new(HighestTrackableMicroseconds, SignificantDigits);

    /// <summary>Durations beyond the range are clamped into it rather than lost.</summary>
    public static long Clamp(long microseconds) => Math.Clamp(microseconds, 1, HighestTrackableMicroseconds);

    public static byte[] Encode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = histogram.EncodeIntoCompressedByteBuffer(buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return bytes;
    }

    public static HistogramBase Decode(byte[] encoded) =>
        HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(encoded), HighestTrackableMicroseconds);

    public static double Milliseconds(long microseconds) => microseconds / 1000.0;
}
