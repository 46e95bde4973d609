export { ACCOUNT_POLICY, type CustomerAccount, type FieldProblem, type FieldProblems, type SignedInCustomer } from './account.js';
export {
  createCustomerAccountService, type CustomerAccountService, type NewSession, type ResetOutcome, type SignInOutcome, type VerifyOutcome,
} from './customer-accounts.service.js';
