package org.shortcuthessian.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shortcuthessian.InvalidInputException;

/** The IDX reader and the labeled-image loader, on hand-made files and the built-in MNIST digits. */
class IdxTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsRawAndGzipImages(boolean gzip) throws IOException {
        int[] values = {0, 1, 2, 127, 128, 255, 9, 8, 7, 6, 5, 4};
        Path f = IdxFiles.write(tmp.resolve("img"), IdxFiles.bytes(Idx.IMAGES_MAGIC, new int[] {3, 2, 2}, values), gzip);
        Idx.Array a = Idx.read(f, Idx.IMAGES_MAGIC);
        assertArrayEquals(new int[] {3, 2, 2}, a.shape());
        assertEquals(3, a.count());
        assertEquals(4, a.rowLength());
        assertArrayEquals(Arrays.stream(values).asDoubleStream().toArray(), a.values());
    }

    InvalidInputException bad(byte[] content, boolean gzip, int magic) throws IOException {
        Path f = IdxFiles.write(tmp.resolve("bad" + (gzip ? ".gz" : "")), content, gzip);
        return assertThrows(InvalidInputException.class, () -> Idx.read(f, magic));
    }

    @Test
    void wrongMagicNamesFileAndBothNumbers() throws IOException {
        byte[] labels = IdxFiles.bytes(Idx.LABELS_MAGIC, new int[] {2}, new int[] {1, 2});
        String msg = bad(labels, false, Idx.IMAGES_MAGIC).getMessage();
        assertTrue(msg.contains("bad") && msg.contains("2049") && msg.contains("2051"), msg);
        String notIdx = bad("hello world, not idx".getBytes(), true, 0).getMessage();
        assertTrue(notIdx.contains("not an IDX file"), notIdx);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedFilesAreRefused(boolean gzip) throws IOException {
        byte[] full = IdxFiles.bytes(Idx.IMAGES_MAGIC, new int[] {2, 3, 3}, new int[18]);
        String msg = bad(Arrays.copyOf(full, full.length - 5), gzip, Idx.IMAGES_MAGIC).getMessage();
        assertTrue(msg.contains("truncated") && msg.contains("13 of 18"), msg);
        String header = bad(Arrays.copyOf(full, 9), gzip, Idx.IMAGES_MAGIC).getMessage();
        assertTrue(header.contains("truncated"), header);
        String trailing = bad(Arrays.copyOf(full, full.length + 3), gzip, Idx.IMAGES_MAGIC).getMessage();
        assertTrue(trailing.contains("trailing bytes"), trailing);
    }

    @Test
    void truncatedGzipStreamIsRefused() throws IOException {
        byte[] full = IdxFiles.bytes(Idx.IMAGES_MAGIC, new int[] {20, 8, 8}, new int[20 * 64]);
        Path ok = IdxFiles.write(tmp.resolve("ok.gz"), full, true);
        byte[] gz = Files.readAllBytes(ok);
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length - 12));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Idx.read(cut, Idx.IMAGES_MAGIC));
        assertTrue(e.getMessage().contains("cut.gz") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRefused() throws IOException {
        Path img = IdxFiles.write(tmp.resolve("i"), IdxFiles.bytes(Idx.IMAGES_MAGIC, new int[] {3, 1, 2}, new int[6]), false);
        Path lab = IdxFiles.write(tmp.resolve("l"), IdxFiles.bytes(Idx.LABELS_MAGIC, new int[] {2}, new int[2]), false);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LabeledImages.read(img, lab));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
    }

    @Test
    void directoryPrefersTrainFilesAndReportsMissingOnes() throws IOException {
        Path dir = IdxFiles.directory(tmp.resolve("idx"), 30, 4, 3, 1);
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.bytes(Idx.IMAGES_MAGIC, new int[] {1, 4, 4},
                new int[16]), false);
        LabeledImages li = LabeledImages.readDirectory(dir);
        assertEquals(30, li.count());
        assertEquals(16, li.width());
        assertEquals(3, li.classes());
        Files.createDirectories(tmp.resolve("empty"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LabeledImages.readDirectory(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("no *images*idx3* file"), e.getMessage());
    }

    @Test
    void builtinMnistMatchesItsReadme() {
        LabeledImages mnist = LabeledImages.builtin();
        assertEquals(10_000, mnist.count());
        assertEquals(784, mnist.width());
        int[] counts = new int[10];
        for (int l : mnist.labels()) {
            counts[l]++;
        }
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts);
        double mean = Arrays.stream(mnist.pixels()).average().orElseThrow();
        assertEquals(33.44, mean, 0.005);
        assertEquals(1000, mnist.prefix(1000).count());
    }
}
