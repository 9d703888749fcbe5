//! How items and results become bytes on the wire.

/// A value that can travel between the parent and a worker: an item or a result.
///
/// Python's `multiprocessing` pickles any object; here each type says how it is
/// written, and a worker that answers something that does not decode fails that item.
pub trait Message: Sized {
    /// The value as bytes.
    fn to_bytes(&self) -> Vec<u8>;
    /// The value back from bytes, or why they are not one.
    fn from_bytes(bytes: &[u8]) -> Result<Self, String>;
}

impl Message for Vec<u8> {
    fn to_bytes(&self) -> Vec<u8> {
        self.clone()
    }
    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        Ok(bytes.to_vec())
    }
}

impl Message for String {
    fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        String::from_utf8(bytes.to_vec()).map_err(|_| "not UTF-8 text".to_owned())
    }
}

/// Numbers travel as decimal text, which is easy to read in a debugger or a log.
macro_rules! number_message {
    ($($t:ty),*) => {$(
        impl Message for $t {
            fn to_bytes(&self) -> Vec<u8> {
                self.to_string().into_bytes()
            }
            fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
                std::str::from_utf8(bytes)
                    .ok()
                    .and_then(|text| text.parse().ok())
                    .ok_or_else(|| format!("not a {}: {:?}", stringify!($t), String::from_utf8_lossy(bytes)))
            }
        }
    )*};
}

number_message!(u32, u64, u128, usize, i32, i64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip() {
        assert_eq!(u64::from_bytes(&9_227_465u64.to_bytes()), Ok(9_227_465));
        assert_eq!(
            String::from_bytes(&"a\nb".to_owned().to_bytes()),
            Ok("a\nb".to_owned())
        );
        assert!(u64::from_bytes(b"12x").is_err());
        assert!(String::from_bytes(&[0xff]).is_err());
    }
}
