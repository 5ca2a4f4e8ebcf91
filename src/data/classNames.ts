/** Class names in label order, as published with each dataset. */

/** Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, Zalando SE), labels 0–9. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** CIFAR-10 (Krizhevsky 2009), labels 0–9, as in its `batches.meta.txt`. */
export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;
