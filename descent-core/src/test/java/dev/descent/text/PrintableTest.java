package dev.descent.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.Assertions;

class PrintableTest {

    @Test
    void controlCharactersAreEscapedAsPythonsReprDoes() {
        assertThat(Printable.escape("a\u001b[31mb")).isEqualTo("a\\x1b[31mb");
        assertThat(Printable.escape("line\nnext\r\tend")).isEqualTo("line\\nnext\\r\\tend");
        assertThat(Printable.escape("\u0000\u0007\u007f\u0085\u009b")).isEqualTo("\\x00\\x07\\x7f\\x85\\x9b");
        // bidirectional overrides and isolates reorder what follows; line separators break lines
        assertThat(Printable.escape("x\u202ey\u2066z\u2028w\u2029")).isEqualTo("x\\u202ey\\u2066z\\u2028w\\u2029");
        // an unpaired surrogate is escaped, a pair (an emoji) is kept
        assertThat(Printable.escape("\ud83d\ude00 \ud83d.")).isEqualTo("\ud83d\ude00 \\ud83d.");
        assertThat(Printable.escape("\ude00")).isEqualTo("\\ude00");
        assertThat(Printable.quote("a\u001bb")).isEqualTo("'a\\x1bb'");
        assertThat(Printable.escape(null)).isEqualTo("null");
    }

    @Test
    void printableTextIsKeptAsItIsAndEscapingIsIdempotent() {
        String plain = "C:\\data\\x.csv café – 5 µm ∇θ";
        assertThat(Printable.escape(plain)).isSameAs(plain);
        assertThat(Printable.isPrintable(plain)).isTrue();
        String once = Printable.escape("a\u001bb\nc\u202e");
        assertThat(Printable.isPrintable(once)).isTrue();
        assertThat(Printable.escape(once)).isEqualTo(once);
        assertThat(Printable.isPrintable("a\u001bb")).isFalse();
    }

    @Test
    void aSpecErrorShowsControlCharactersEscapedWithTheCaretUnderTheOffendingOne() {
        String spec = "adam(lr=\u001b[2J)";
        SpecException e = Assertions.catchThrowableOfType(() -> OptimizerSpec.build(spec), SpecException.class);
        assertThat(e.position()).isEqualTo(8);
        assertThat(e.getMessage()).isEqualTo("expected a value but found '\\x1b' at position 8\n"
                + "  adam(lr=\\x1b[2J)\n"
                + "          ^");
        // an escape before the position shifts the caret by the escape's width
        SpecException later = new SpecException("a\tb!", 3, "bad '!'");
        assertThat(later.getMessage()).isEqualTo("bad '!' at position 3\n  a\\tb!\n      ^");
        // a position at the end, past the last character
        assertThat(new SpecException("\u0007", 1, "end").getMessage()).isEqualTo("end at position 1\n  \\x07\n      ^");
    }
}
