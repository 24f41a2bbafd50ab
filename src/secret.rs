//! The account manager's secret: 32 random bytes kept beside the master, never in a workbook.
//! Tags keyed by it (HMAC-SHA256) number the pseudonyms, so that whoever holds only the
//! workbooks cannot recompute who "Respondent 1" is. Pure: the binary makes and stores the bytes.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The account manager's secret.
#[derive(Clone)]
pub struct Secret([u8; 32]);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    /// The secret of these bytes.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Secret {
        Secret(bytes)
    }

    fn mac(&self, parts: &[&[u8]]) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        // Each part with its length first, so that ("ab", "c") and ("a", "bc") differ.
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac
    }

    /// HMAC-SHA256 keyed by the secret over the length-prefixed `parts`.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::secret::Secret;
    /// let secret = Secret::from_bytes([7; 32]);
    /// let tag = secret.tag(&[b"KLANT NV", b"kk"]);
    /// assert!(secret.verify(&[b"KLANT NV", b"kk"], &tag));
    /// assert_ne!(tag, Secret::from_bytes([8; 32]).tag(&[b"KLANT NV", b"kk"]));
    /// assert_ne!(tag, secret.tag(&[b"KLANT NVk", b"k"]));
    /// ```
    #[must_use]
    pub fn tag(&self, parts: &[&[u8]]) -> [u8; 32] {
        self.mac(parts).finalize().into_bytes().into()
    }

    /// Whether `tag` is the tag of `parts`, compared in constant time.
    #[must_use]
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8]) -> bool {
        self.mac(parts).verify_slice(tag).is_ok()
    }

    /// The secret as 64 hexadecimal digits, the key file's text.
    #[must_use]
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// The secret from its 64 hexadecimal digits (surrounding white space ignored); `None`
    /// when the text is not that.
    #[must_use]
    pub fn from_hex(text: &str) -> Option<Secret> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return None;
        }
        let mut bytes = [0; 32];
        for (index, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * index..2 * index + 2], 16).ok()?;
        }
        Some(Secret(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hex_form_reads_back() {
        let secret = Secret::from_bytes(*b"0123456789abcdef0123456789abcdef");
        let again = Secret::from_hex(&format!(" {}\n", secret.to_hex())).unwrap();
        assert_eq!(again.tag(&[b"x"]), secret.tag(&[b"x"]));
        assert!(Secret::from_hex("12").is_none());
        assert!(Secret::from_hex(&"g".repeat(64)).is_none());
    }
}
