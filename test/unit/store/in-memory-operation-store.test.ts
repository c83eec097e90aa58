import { InMemoryOperationStore } from '../../../src/store/in-memory-operation-store';
import { describeOperationStoreContract } from '../../support/operation-store-contract';

describeOperationStoreContract('InMemoryOperationStore', () => new InMemoryOperationStore());
