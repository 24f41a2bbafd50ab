//! The account manager's secret: 32 bytes that never leave the account manager's side, kept in a
//! key file beside the master. Tags made with it (HMAC-SHA256) prove that a questionnaire or a
//! monitor's history was written by this side for exactly what it names; nobody without the key
//! can make a tag that verifies.
//!
//! The library never makes a key (that needs randomness, which only the binary draws) and never
//! reads or writes the key file; it takes the bytes and gives tags and text forms.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::labels::Language;

type HmacSha256 = Hmac<Sha256>;

/// The account manager's secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret([u8; 32]);

/// Why a text is not a key (see [`Secret::from_hex`]). [`KeyError::message`] words it in either
/// language; `Display` shows the English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// Not hexadecimal digits.
    NotHex,
    /// Hexadecimal, but not 64 digits.
    Length {
        /// How many digits there are.
        digits: usize,
    },
}

impl KeyError {
    /// The message in `language`.
    #[must_use]
    pub fn message(self, language: Language) -> String {
        match self {
            KeyError::NotHex => crate::msg!(language, "base.key_not_hex"),
            KeyError::Length { digits } => crate::msg!(language, "base.key_length", digits),
        }
    }
}

impl std::error::Error for KeyError {}

impl std::fmt::Debug for Secret {
    /// Never shows the key itself, so a debug print or a panic message cannot leak it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// The key from its 32 bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key's bytes (for writing the key file).
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key from its text form: 64 hexadecimal digits (case-insensitive, surrounding space
    /// ignored).
    ///
    /// # Errors
    /// A [`KeyError`] when the text is not exactly 64 hexadecimal digits; its message says what
    /// the text is instead.
    pub fn from_hex(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let bytes = from_hex(text).ok_or(KeyError::NotHex)?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|bytes: Vec<u8>| KeyError::Length {
                digits: bytes.len() * 2,
            })?;
        Ok(Self(bytes))
    }

    /// The key's text form: 64 lowercase hexadecimal digits.
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The HMAC-SHA256 tag over `parts`. Each part is preceded by its length (8 bytes, big
    /// endian), so no two different lists of parts give the same input: `["ab", "c"]` and
    /// `["a", "bc"]` have different tags.
    #[must_use]
    pub fn tag(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.mac(parts).finalize().into_bytes().into()
    }

    /// Whether `tag` is the tag over `parts`, compared in constant time.
    #[must_use]
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        self.mac(parts).verify_slice(tag).is_ok()
    }

    fn mac(&self, parts: &[&[u8]]) -> HmacSha256 {
        // HMAC takes a key of any length; 32 bytes is always accepted.
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts a key of any length"));
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }
}

/// `bytes` as lowercase hexadecimal digits, two per byte.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// The bytes of hexadecimal text (either case); `None` when it has an odd number of digits or a
/// character that is not one.
#[must_use]
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let high = char::from(pair[0]).to_digit(16)?;
            let low = char::from(pair[1]).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

/// The RFC 4648 base-32 alphabet: capital letters and the digits 2-7, none that looks like
/// another (no 0, 1, 8, 9).
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// `bytes` in base 32 (RFC 4648 alphabet, capitals, no padding): 8 characters per 5 bytes, easy
/// to read aloud and to type, case-insensitive when read back.
#[must_use]
pub fn base32(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            text.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        text.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    text
}

/// The bytes of base-32 text as [`base32`] writes it (either case, no padding); `None` when a
/// character is not in the alphabet or the length cannot be one [`base32`] writes.
#[must_use]
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for character in text.bytes() {
        let value = BASE32
            .iter()
            .position(|&c| c == character.to_ascii_uppercase())?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
            buffer &= (1 << bits) - 1;
        }
    }
    // What is left over is padding from the last character: fewer than 5 bits, all zero.
    (bits < 5 && buffer == 0).then_some(bytes)
}

crate::messages::english_display!(KeyError);

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> Secret {
        Secret::from_bytes([byte; 32])
    }

    #[test]
    fn a_tag_verifies_only_for_its_parts_and_its_key() {
        let parts: &[&[u8]] = &[b"client", b"R2"];
        let tag = key(1).tag(parts);
        assert!(key(1).verify(parts, &tag));
        assert!(!key(1).verify(&[b"client", b"R1"], &tag));
        assert!(!key(2).verify(parts, &tag));
        assert!(!key(1).verify(parts, &tag[..31]));
        let mut flipped = tag;
        flipped[0] ^= 1;
        assert!(!key(1).verify(parts, &flipped));
    }

    #[test]
    fn parts_are_length_prefixed() {
        let secret = key(7);
        assert_ne!(secret.tag(&[b"ab", b"c"]), secret.tag(&[b"a", b"bc"]));
        assert_ne!(secret.tag(&[b"abc"]), secret.tag(&[b"abc", b""]));
    }

    #[test]
    fn the_tag_is_hmac_sha256_of_the_prefixed_parts() {
        // RFC 4231 test case 2 ("Jefe"), reproduced with a 32-byte key padded with zeros: HMAC
        // pads short keys with zeros itself, so both give the same tag.
        let mut bytes = [0u8; 32];
        bytes[..4].copy_from_slice(b"Jefe");
        let secret = Secret::from_bytes(bytes);
        let mut direct = <HmacSha256 as KeyInit>::new_from_slice(b"Jefe").unwrap();
        direct.update(&5u64.to_be_bytes());
        direct.update(b"hello");
        let expected: [u8; 32] = direct.finalize().into_bytes().into();
        assert_eq!(secret.tag(&[b"hello"]), expected);
    }

    #[test]
    fn hex_round_trips_and_refuses_what_is_not_a_key() {
        let secret = Secret::from_bytes(core::array::from_fn(|i| (i as u8).wrapping_mul(9)));
        let text = secret.to_hex();
        assert_eq!(text.len(), 64);
        assert_eq!(Secret::from_hex(&text).unwrap(), secret);
        assert_eq!(
            Secret::from_hex(&format!("  {}\n", text.to_uppercase())).unwrap(),
            secret
        );
        assert_eq!(
            Secret::from_hex(&text[..62]).unwrap_err().to_string(),
            "the key has 62 hexadecimal digits, not the 64 of a key"
        );
        assert_eq!(
            Secret::from_hex(&text[..62])
                .unwrap_err()
                .message(Language::Dutch),
            "de sleutel heeft 62 hexadecimale cijfers, niet de 64 van een sleutel"
        );
        assert_eq!(
            Secret::from_hex("zz").unwrap_err().message(Language::Dutch),
            "de sleutel is niet in hexadecimale cijfers geschreven (0-9, a-f)"
        );
        assert!(
            Secret::from_hex("zz")
                .unwrap_err()
                .to_string()
                .contains("hexadecimal")
        );
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(from_hex("00ABff"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(from_hex("abc"), None);
    }

    #[test]
    fn base32_matches_rfc_4648_and_round_trips() {
        // RFC 4648 section 10, without padding.
        for (plain, coded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(plain.as_bytes()), coded);
            assert_eq!(from_base32(coded).unwrap(), plain.as_bytes());
            assert_eq!(
                from_base32(&coded.to_lowercase()).unwrap(),
                plain.as_bytes()
            );
        }
        assert_eq!(from_base32("MZ1"), None);
        assert_eq!(from_base32("MZ"), None, "non-zero padding bits");
    }

    #[test]
    fn debug_never_shows_the_key() {
        assert_eq!(format!("{:?}", key(0xab)), "Secret(..)");
    }
}
