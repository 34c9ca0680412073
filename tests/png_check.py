# Exits non-zero unless the file named by argv[1] is a PNG with more than 16
# distinct pixel bytes (a screenshot that shows something). Prints width,
# height and the count. Used by the tests that screenshot HTML in Chromium.
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, width = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    if kind == b'IHDR':
        width, height = struct.unpack('>II', data[pos + 8:pos + 16])
    if kind == b'IDAT':
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
pixels = zlib.decompress(idat)
distinct = len(set(pixels))
assert distinct > 16, f'blank: {distinct} distinct bytes'
print(width, height, distinct)
